package io.github.wsem.websocket;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.LockSupport;

import io.github.wsem.test.RawWebSocketClient;
import io.github.wsem.test.RawWebSocketClient.Frame;
import io.github.wsem.test.ServerTest;
import io.github.wsem.test.TestClient;
import io.github.wsem.testapp.TestApplication;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * On Tomcat, wsem writes its ready-made frames to the socket itself, beside the frames
 * Tomcat writes (pongs): every frame arrives whole, in order, and readable.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
class TomcatBatchWriterIntegrationTests extends ServerTest {

	private static final int EVENTS = 5000;

	@Autowired
	WsemWebSocketHandler handler;

	@Test
	void writesToTheSocketItselfOnTomcat() throws Exception {
		TestClient client = this.clients.connect();
		assertThat(this.handler.writerInUse()).isEqualTo(WsemWebSocketHandler.WriterKind.TOMCAT);
	}

	@Test
	void readsAndWritesMessagesMuchLongerThanTheContainersBuffersWhole() {
		TestClient client = this.clients.connect();
		// two- to four-byte characters across every 256-byte buffer boundary
		String text = "aé€\uD83D\uDE00".repeat(2000);
		JsonNode ack = client.request("echo", text);
		assertThat(ack.path("data").asString()).isEqualTo(text);
	}

	@Test
	void answersPingsWhileAFloodOfEventsIsWritten() throws Exception {
		try (RawWebSocketClient raw = RawWebSocketClient.connect(this.port, 64 * 1024)) {
			register(raw, "flood");
			CompletableFuture<Void> emits = CompletableFuture.runAsync(() -> {
				for (int n = 0; n < EVENTS; n++) {
					this.eventManager.emit("flood", Map.of("n", n));
					if (n % 20 == 0) {
						// bursts, so that the pings meet frames still being written
						LockSupport.parkNanos(1_000_000);
					}
				}
			});
			List<String> pingsSent = new ArrayList<>();
			List<String> pongs = new ArrayList<>();
			int next = 0;
			int lastPing = -50;
			while (next < EVENTS) {
				if (next - lastPing >= 50 && pingsSent.size() == pongs.size()) {
					String ping = "ping-" + next;
					raw.sendPing(ping.getBytes(StandardCharsets.UTF_8));
					pingsSent.add(ping);
					lastPing = next;
				}
				Frame frame = raw.readFrame();
				if (frame.opcode() == 0xA) {
					pongs.add(frame.text());
					continue;
				}
				assertThat(frame.opcode()).as("opcode after event %d", next).isEqualTo(0x1);
				assertThat(TestClient.parse(frame.text()).path("data").path("n").asInt()).isEqualTo(next);
				next++;
			}
			emits.get();
			while (pongs.size() < pingsSent.size()) {
				Frame frame = raw.readFrame();
				assertThat(frame.opcode()).isEqualTo(0xA);
				pongs.add(frame.text());
			}
			assertThat(pongs).isEqualTo(pingsSent).hasSizeGreaterThanOrEqualTo(5);
		}
	}

	@Test
	void sendsPlainFramesWhenTheClientNegotiatedCompression() throws Exception {
		try (RawWebSocketClient raw = RawWebSocketClient.connect(this.port, 64 * 1024, "permessage-deflate")) {
			assertThat(raw.extensions()).startsWith("permessage-deflate");
			register(raw, "plain");
			this.eventManager.emit("plain", Map.of("text", "readable without inflating"));
			Frame frame = raw.readFrame();
			assertThat(frame.rsv()).as("RSV bits (4: compressed)").isZero();
			assertThat(TestClient.parse(frame.text()).path("data").path("text").asString())
				.isEqualTo("readable without inflating");
		}
	}

	private static void register(RawWebSocketClient raw, String room) throws Exception {
		assertThat(TestClient.parse(raw.readText()).path("event").asString()).isEqualTo("wsem:welcome");
		raw.sendText(TestClient.frame("wsem:register", room, 1L));
		assertThat(TestClient.parse(raw.readText()).path("event").asString()).isEqualTo("wsem:ack");
	}

}
