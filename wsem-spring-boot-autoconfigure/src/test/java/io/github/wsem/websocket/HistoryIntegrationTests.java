package io.github.wsem.websocket;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;

import io.github.wsem.core.DefaultEventManager;
import io.github.wsem.core.EventManager;
import io.github.wsem.test.TestClient;
import io.github.wsem.test.TestClients;
import io.github.wsem.testapp.TestApplication;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * History and loss-free resume of PROTOCOL.md section 5 over WebSocket.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "wsem.history.size=10000")
class HistoryIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	EventManager events;

	@Autowired
	DefaultEventManager manager;

	private TestClients clients;

	@BeforeEach
	void open() {
		this.clients = new TestClients(this.port);
	}

	@AfterEach
	void closeClients() {
		this.clients.close();
	}

	@Test
	void emittedEventsCarryIdsIncreasingWithinTheRoom() {
		TestClient client = this.clients.connect();
		client.register("ids");
		this.events.emit("ids", 1);
		this.events.emit("ids", 2);
		String first = client.next().path("id").asString();
		String second = client.next().path("id").asString();
		assertThat(first).isNotBlank().isNotEqualTo(second);
		this.events.to("ids").to("other").emit("ids", 3);
		assertThat(client.next().has("id")).as("emits to several rooms are not kept").isFalse();
	}

	@Test
	void resumingClientGetsTheMissedEventsInOrderBeforeTheAck() {
		TestClient first = this.clients.connect();
		first.register("resume");
		for (int i = 1; i <= 5; i++) {
			this.events.emit("resume", i);
		}
		List<String> ids = new ArrayList<>();
		for (int i = 1; i <= 5; i++) {
			ids.add(first.next().path("id").asString());
		}
		first.closeAndWait();
		TestClient again = this.clients.connect();
		again.send("wsem:register", Map.of("events", List.of("resume"), "since", ids.get(1)), 1L);
		JsonNode replayed = again.next();
		assertThat(replayed.path("event").asString()).as("replayed events come before the ack").isEqualTo("resume");
		assertThat(replayed.path("data").asInt()).isEqualTo(3);
		assertThat(replayed.path("id").asString()).isEqualTo(ids.get(2));
		assertThat(again.next().path("data").asInt()).isEqualTo(4);
		assertThat(again.next().path("data").asInt()).isEqualTo(5);
		assertThat(again.next().path("event").asString()).isEqualTo("wsem:ack");
		this.events.emit("resume", 6);
		assertThat(again.next().path("data").asInt()).isEqualTo(6);
	}

	@Test
	void sinceAsOneIdStringAndAsMapBothWork() {
		TestClient client = this.clients.connect();
		client.register("forms");
		this.events.emit("forms", "a");
		String id = client.next().path("id").asString();
		this.events.emit("forms", "b");
		client.next();
		TestClient byString = this.clients.connect();
		byString.send("wsem:register", Map.of("events", List.of("forms"), "since", id), 1L);
		assertThat(byString.next().path("data").asString()).isEqualTo("b");
		assertThat(byString.next().path("event").asString()).isEqualTo("wsem:ack");
		TestClient byMap = this.clients.connect();
		byMap.send("wsem:register", Map.of("events", List.of("forms"), "since", Map.of("forms", id)), 1L);
		assertThat(byMap.next().path("data").asString()).isEqualTo("b");
		assertThat(byMap.next().path("event").asString()).isEqualTo("wsem:ack");
	}

	@Test
	void unreadableSinceReplaysWhatIsKeptThenRecoveryIncomplete() {
		this.events.emit("lost", "kept");
		TestClient client = this.clients.connect();
		client.send("wsem:register", Map.of("events", List.of("lost"), "since", "from-a-lost-epoch"), 2L);
		assertThat(client.next().path("data").asString()).isEqualTo("kept");
		JsonNode error = client.next();
		assertThat(error.path("event").asString()).isEqualTo("wsem:error");
		assertThat(error.path("data").path("code").asString()).isEqualTo("recovery_incomplete");
		assertThat(error.path("data").path("room").asString()).isEqualTo("lost");
		assertThat(error.has("ack")).isFalse();
		assertThat(client.next().path("event").asString()).isEqualTo("wsem:ack");
		assertThat(client.isOpen()).isTrue();
	}

	@Test
	void malformedSinceIsBadFrame() {
		TestClient client = this.clients.connect();
		JsonNode twoRooms = client.request("wsem:register", Map.of("events", List.of("a", "b"), "since", "x-1"));
		assertThat(twoRooms.path("data").path("code").asString()).isEqualTo("bad_frame");
		JsonNode number = client.request("wsem:register", Map.of("events", List.of("a"), "since", 7));
		assertThat(number.path("data").path("code").asString()).isEqualTo("bad_frame");
	}

	@Test
	void streamOfTenThousandEventsArrivesExactlyOnceAcrossRandomServerCloses() throws Exception {
		int total = 10_000;
		AtomicBoolean publishing = new AtomicBoolean(true);
		Thread publisher = new Thread(() -> {
			for (int i = 0; i < total; i++) {
				this.events.emit("stream", i);
				if (i % 50 == 0) {
					sleep(1);
				}
			}
			publishing.set(false);
		});
		List<Integer> received = new ArrayList<>();
		List<String> others = new ArrayList<>();
		String lastId = null;
		TestClient client = this.clients.connect();
		client.register("stream");
		publisher.start();
		long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
		int drops = 0;
		while (received.size() < total && System.nanoTime() < deadline) {
			if (ThreadLocalRandom.current().nextInt(1500) == 0) {
				this.events.clients().find(client.id()).ifPresent((server) -> server.close());
				client.awaitClose();
				drops++;
				client = this.clients.connect();
				client.send("wsem:register", (lastId != null) ? Map.of("events", List.of("stream"), "since", lastId)
						: Map.of("events", List.of("stream")), 1L);
				continue;
			}
			JsonNode frame;
			try {
				frame = client.next();
			}
			catch (AssertionError ex) {
				if (!client.isOpen()) {
					continue;
				}
				throw new AssertionError("Stalled after " + received.size() + " events, " + drops + " drops, last "
						+ (received.isEmpty() ? null : received.get(received.size() - 1)) + ", publishing "
						+ publishing.get() + ", other frames " + others + ", first gap " + firstGap(received), ex);
			}
			if ("stream".equals(frame.path("event").asString())) {
				received.add(frame.path("data").asInt());
				lastId = frame.path("id").asString();
			}
			else {
				others.add(frame.toString());
			}
		}
		publisher.join(10_000);
		assertThat(drops).isPositive();
		List<Integer> expected = new ArrayList<>();
		for (int i = 0; i < total; i++) {
			expected.add(i);
		}
		assertThat(received).containsExactlyElementsOf(expected);
	}

	private static int firstGap(List<Integer> received) {
		for (int i = 0; i < received.size(); i++) {
			if (received.get(i) != i) {
				return i;
			}
		}
		return -1;
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
