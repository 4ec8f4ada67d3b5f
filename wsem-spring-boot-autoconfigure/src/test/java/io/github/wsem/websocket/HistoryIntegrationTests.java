package io.github.wsem.websocket;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.github.wsem.core.ClientHub;
import io.github.wsem.test.TestClient;
import io.github.wsem.test.ServerTest;
import io.github.wsem.testapp.TestApplication;
import io.github.wsem.test.ResumeDrill;
import io.github.wsem.test.WebSocketResumer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * History and loss-free resume of PROTOCOL.md section 5 over WebSocket.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "wsem.history.size=10000")
class HistoryIntegrationTests extends ServerTest {

	@Autowired
	ClientHub manager;

	@Test
	void emittedEventsCarryIdsIncreasingWithinTheRoom() {
		TestClient client = this.clients.connect();
		client.register("ids");
		this.eventManager.emit("ids", 1);
		this.eventManager.emit("ids", 2);
		String first = client.next().path("id").asString();
		String second = client.next().path("id").asString();
		assertThat(first).isNotBlank().isNotEqualTo(second);
		this.eventManager.to("ids").to("other").emit("ids", 3);
		assertThat(client.next().has("id")).as("emits to several rooms are not kept").isFalse();
	}

	@Test
	void resumingClientGetsTheMissedEventsInOrderBeforeTheAck() {
		TestClient first = this.clients.connect();
		first.register("resume");
		for (int i = 1; i <= 5; i++) {
			this.eventManager.emit("resume", i);
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
		this.eventManager.emit("resume", 6);
		assertThat(again.next().path("data").asInt()).isEqualTo(6);
	}

	@Test
	void sinceAsOneIdStringAndAsMapBothWork() {
		TestClient client = this.clients.connect();
		client.register("forms");
		this.eventManager.emit("forms", "a");
		String id = client.next().path("id").asString();
		this.eventManager.emit("forms", "b");
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
		this.eventManager.emit("lost", "kept");
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
		ResumeDrill.run(10_000, (n) -> this.eventManager.emit("stream", n),
				WebSocketResumer.start("stream", new WebSocketResumer.Node(this.clients, this.eventManager)), 1500,
				Duration.ofSeconds(90));
	}

}
