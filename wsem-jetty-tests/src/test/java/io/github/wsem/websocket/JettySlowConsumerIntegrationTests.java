package io.github.wsem.websocket;

import java.time.Duration;
import java.util.Map;

import io.github.wsem.test.RawWebSocketClient;
import io.github.wsem.test.ServerTest;
import io.github.wsem.test.TestClient;
import io.github.wsem.testapp.ConnectionEvents;
import io.github.wsem.testapp.TestApplication;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * On Jetty too, a client that stops reading is closed with 1013 once its send buffer
 * overflows, while emits return at once and a reading client gets every event.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "wsem.send-buffer-limit=256KB", "wsem.send-time-limit=3s" })
class JettySlowConsumerIntegrationTests extends ServerTest {

	private static final int MAX_EMITS = 2000;

	@Autowired
	ConnectionEvents connectionEvents;

	@Test
	void closesAClientThatStopsReadingWhileAReaderGetsEveryEvent() throws Exception {
		TestClient reader = this.clients.connect();
		reader.register("feed");
		try (RawWebSocketClient stalled = RawWebSocketClient.connect(this.port, 4096)) {
			String stalledId = TestClient.parse(stalled.readText()).path("data").path("id").asString();
			stalled.sendText(TestClient.frame("wsem:register", "feed", 1L));
			assertThat(TestClient.parse(stalled.readText()).path("event").asString()).isEqualTo("wsem:ack");
			String payload = "x".repeat(32 * 1024);
			long slowestEmit = 0;
			int emits = 0;
			while (this.eventManager.clients().find(stalledId).isPresent() && emits < MAX_EMITS) {
				long start = System.nanoTime();
				this.eventManager.emit("feed", Map.of("n", emits, "payload", payload));
				slowestEmit = Math.max(slowestEmit, System.nanoTime() - start);
				assertThat(reader.next().path("data").path("n").asInt()).isEqualTo(emits);
				emits++;
			}
			assertThat(this.eventManager.clients().find(stalledId)).as("stalled client after %d emits", emits)
				.isEmpty();
			assertThat(Duration.ofNanos(slowestEmit)).isLessThan(Duration.ofMillis(500));
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(this.connectionEvents.disconnected()).containsEntry(stalledId, 1013));
			assertThat(stalled.drainUntilClosed(Duration.ofSeconds(30))).isIn(1013, RawWebSocketClient.NO_CLOSE_FRAME);
		}
		this.eventManager.emit("feed", Map.of("n", -1));
		assertThat(reader.next().path("data").path("n").asInt()).isEqualTo(-1);
		assertThat(reader.isOpen()).isTrue();
	}

}
