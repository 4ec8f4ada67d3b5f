package io.github.wsem.websocket;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.github.wsem.test.RawWebSocketClient;
import io.github.wsem.test.TestClient;
import io.github.wsem.test.ServerTest;
import io.github.wsem.testapp.ConnectionEvents;
import io.github.wsem.testapp.TestApplication;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A client that stops reading is closed with 1013 once its send buffer overflows, while
 * emits return at once and every other client gets every event.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "wsem.send-buffer-limit=256KB", "wsem.send-time-limit=3s" })
class SlowConsumerIntegrationTests extends ServerTest {

	private static final int MAX_EMITS = 2000;

	@Autowired
	ConnectionEvents connectionEvents;

	@Test
	void closesAClientThatStopsReadingWhileOthersGetEveryEvent() throws Exception {
		TestClient reader = this.clients.connect();
		reader.register("feed");
		try (RawWebSocketClient stalled = RawWebSocketClient.connect(this.port, 4096)) {
			String stalledId = registerStalled(stalled, "feed");
			int emits = emitUntilGone(stalledId, "feed", reader);
			assertThat(this.eventManager.clients().find(stalledId)).as("stalled client after %d emits", emits)
				.isEmpty();
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(this.connectionEvents.disconnected()).containsEntry(stalledId, 1013));
			assertThat(stalled.drainUntilClosed(Duration.ofSeconds(60))).isIn(1013, RawWebSocketClient.NO_CLOSE_FRAME);
		}
		for (int i = 0; i < 10; i++) {
			this.eventManager.emit("feed", Map.of("n", i));
			assertThat(reader.next().path("data").path("n").asInt()).isEqualTo(i);
		}
		assertThat(reader.isOpen()).isTrue();
	}

	@Test
	void aHundredClientsGetEveryEventWhileAStalledOneIsClosed() throws Exception {
		List<TestClient> readers = new ArrayList<>();
		for (int i = 0; i < 100; i++) {
			TestClient reader = this.clients.connect();
			reader.register("crowd");
			readers.add(reader);
		}
		String payload = "x".repeat(2 * 1024);
		long slowestEmit = 0;
		int emits = 0;
		try (RawWebSocketClient stalled = RawWebSocketClient.connect(this.port, 4096)) {
			String stalledId = registerStalled(stalled, "crowd");
			while (this.eventManager.clients().find(stalledId).isPresent() && emits < 20 * MAX_EMITS) {
				long start = System.nanoTime();
				this.eventManager.emit("crowd", Map.of("n", emits, "payload", payload));
				slowestEmit = Math.max(slowestEmit, System.nanoTime() - start);
				for (TestClient reader : readers) {
					assertThat(reader.next().path("data").path("n").asInt()).isEqualTo(emits);
				}
				emits++;
			}
			assertThat(this.eventManager.clients().find(stalledId)).as("stalled client after %d emits", emits)
				.isEmpty();
		}
		assertThat(Duration.ofNanos(slowestEmit)).as("the slowest of %d emits", emits)
			.isLessThan(Duration.ofMillis(500));
		assertThat(readers).allMatch(TestClient::isOpen);
	}

	@Test
	void keepsDeliveringWhenADisconnectListenerFailsForTheSlowClient() throws Exception {
		TestClient reader = this.clients.connect();
		reader.register("feed.guarded");
		try (RawWebSocketClient stalled = RawWebSocketClient.connect(this.port, 4096)) {
			String stalledId = registerStalled(stalled, "feed.guarded");
			this.eventManager.clients()
				.find(stalledId)
				.orElseThrow()
				.attributes()
				.put(ConnectionEvents.FAIL_ON_DISCONNECT, true);
			emitUntilGone(stalledId, "feed.guarded", reader);
			assertThat(this.connectionEvents.disconnected()).containsEntry(stalledId, 1013);
		}
	}

	private String registerStalled(RawWebSocketClient stalled, String room) throws Exception {
		String id = TestClient.parse(stalled.readText()).path("data").path("id").asString();
		stalled.sendText(TestClient.frame("wsem:register", room, 1L));
		assertThat(TestClient.parse(stalled.readText()).path("event").asString()).isEqualTo("wsem:ack");
		return id;
	}

	/**
	 * Emit large events, one at a time, until the stalled client is gone; the reader must
	 * get each one, and no emit may take long.
	 * @return the number of emits
	 */
	private int emitUntilGone(String stalledId, String room, TestClient reader) {
		String payload = "x".repeat(32 * 1024);
		long slowestEmit = 0;
		int emits = 0;
		while (this.eventManager.clients().find(stalledId).isPresent() && emits < MAX_EMITS) {
			long start = System.nanoTime();
			this.eventManager.emit(room, Map.of("n", emits, "payload", payload));
			slowestEmit = Math.max(slowestEmit, System.nanoTime() - start);
			JsonNode frame = reader.next();
			assertThat(frame.path("data").path("n").asInt()).isEqualTo(emits);
			emits++;
		}
		assertThat(Duration.ofNanos(slowestEmit)).isLessThan(Duration.ofMillis(500));
		return emits;
	}

}
