package io.github.wsem.sample.todo;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample's contract, spoken over a plain JDK WebSocket: what any client, not only
 * the bundled {@code wsem.js}, can rely on.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class TodoContractTests {

	@LocalServerPort
	int port;

	@Autowired
	TodoStore store;

	@BeforeEach
	void emptyTheList() {
		this.store.clear();
	}

	@Test
	void aTodoEmittedByOneClientReachesEveryClientRegisteredForTodo() throws Exception {
		try (WsemTestClient alice = connectAndRegister(); WsemTestClient bob = connectAndRegister()) {
			alice.send(Map.of("event", "todo", "data", Map.of("text", "milk"), "ack", 1));

			JsonNode ack = alice.answerTo(1);
			assertThat(ack.path("event").asString()).isEqualTo("wsem:ack");
			assertThat(ack.path("data").path("text").asString()).isEqualTo("milk");
			assertThat(ack.path("data").path("done").asBoolean()).isFalse();
			String id = ack.path("data").path("id").asString();
			assertThat(id).isNotEmpty();
			for (WsemTestClient client : List.of(alice, bob)) {
				JsonNode event = client.next("todo").path("data");
				assertThat(event.path("text").asString()).isEqualTo("milk");
				assertThat(event.path("action").asString()).isEqualTo("added");
				assertThat(event.path("id").asString()).isEqualTo(id);
				assertThat(event.path("createdAt").asString()).isNotEmpty();
			}
		}
	}

	@Test
	void theDataMayBeJustTheTextAsInTheOriginalWsem() throws Exception {
		try (WsemTestClient client = connectAndRegister()) {
			client.send(Map.of("event", "todo", "data", "buy a bottle of milk", "ack", 1));

			assertThat(client.answerTo(1).path("data").path("text").asString()).isEqualTo("buy a bottle of milk");
			assertThat(client.next("todo").path("data").path("text").asString()).isEqualTo("buy a bottle of milk");
		}
	}

	@Test
	void theTextIsTrimmedBeforeItIsStored() throws Exception {
		try (WsemTestClient client = connectAndRegister()) {
			client.send(Map.of("event", "todo", "data", Map.of("text", "  call mum \n"), "ack", 1));

			assertThat(client.answerTo(1).path("data").path("text").asString()).isEqualTo("call mum");
			assertThat(this.store.list()).extracting(Todo::text).containsExactly("call mum");
		}
	}

	@Test
	void aTextOverFiveHundredCharactersIsAnsweredInvalidAndNotStored() throws Exception {
		try (WsemTestClient client = connectAndRegister()) {
			client.send(Map.of("event", "todo", "data", Map.of("text", "x".repeat(501)), "ack", 1));

			JsonNode error = client.answerTo(1);
			assertThat(error.path("event").asString()).isEqualTo("wsem:error");
			assertThat(error.path("data").path("code").asString()).isEqualTo("invalid");
			assertThat(error.path("data").path("message").asString()).contains("500");
			assertThat(this.store.list()).isEmpty();
		}
	}

	@Test
	void fiveHundredCharactersAreAccepted() throws Exception {
		try (WsemTestClient client = connectAndRegister()) {
			client.send(Map.of("event", "todo", "data", Map.of("text", "é".repeat(500)), "ack", 1));

			assertThat(client.answerTo(1).path("event").asString()).isEqualTo("wsem:ack");
		}
	}

	@Test
	void aBlankOrMissingTextIsAnsweredInvalid() throws Exception {
		try (WsemTestClient client = connectAndRegister()) {
			client.send(Map.of("event", "todo", "data", Map.of("text", " \t "), "ack", 1));
			client.send(Map.of("event", "todo", "data", Map.of(), "ack", 2));
			client.send(Map.of("event", "todo", "ack", 3));

			for (long ack = 1; ack <= 3; ack++) {
				assertThat(client.answerTo(ack).path("data").path("code").asString()).isEqualTo("invalid");
			}
			assertThat(this.store.list()).isEmpty();
		}
	}

	@Test
	void theListIsTheAckOfTodosList() throws Exception {
		try (WsemTestClient client = connectAndRegister()) {
			client.send(Map.of("event", "todo", "data", Map.of("text", "first"), "ack", 1));
			client.send(Map.of("event", "todo", "data", Map.of("text", "second"), "ack", 2));
			client.answerTo(2);
			client.send(Map.of("event", "todos:list", "ack", 3));

			JsonNode list = client.answerTo(3).path("data");
			assertThat(list.valueStream().map((todo) -> todo.path("text").asString())).containsExactly("first",
					"second");
		}
	}

	@Test
	void toggleAndDeleteAreBroadcastAsTodoEvents() throws Exception {
		try (WsemTestClient alice = connectAndRegister(); WsemTestClient bob = connectAndRegister()) {
			alice.send(Map.of("event", "todo", "data", Map.of("text", "water the plants"), "ack", 1));
			String id = alice.answerTo(1).path("data").path("id").asString();
			bob.next("todo");

			alice.send(Map.of("event", "todo:toggle", "data", Map.of("id", id), "ack", 2));
			assertThat(alice.answerTo(2).path("data").path("done").asBoolean()).isTrue();
			JsonNode updated = bob.next("todo").path("data");
			assertThat(updated.path("action").asString()).isEqualTo("updated");
			assertThat(updated.path("done").asBoolean()).isTrue();
			assertThat(updated.path("text").asString()).isEqualTo("water the plants");

			alice.send(Map.of("event", "todo:delete", "data", Map.of("id", id), "ack", 3));
			assertThat(alice.answerTo(3).path("event").asString()).isEqualTo("wsem:ack");
			JsonNode deleted = bob.next("todo").path("data");
			assertThat(deleted.path("action").asString()).isEqualTo("deleted");
			assertThat(deleted.path("id").asString()).isEqualTo(id);
			assertThat(this.store.list()).isEmpty();
		}
	}

	@Test
	void anUnknownIdIsAnsweredNotFound() throws Exception {
		try (WsemTestClient client = connectAndRegister()) {
			client.send(Map.of("event", "todo:toggle", "data", Map.of("id", "nope"), "ack", 1));
			client.send(Map.of("event", "todo:delete", "data", Map.of("id", "nope"), "ack", 2));

			assertThat(client.answerTo(1).path("data").path("code").asString()).isEqualTo("not_found");
			assertThat(client.answerTo(2).path("data").path("code").asString()).isEqualTo("not_found");
		}
	}

	private WsemTestClient connectAndRegister() throws InterruptedException {
		WsemTestClient client = WsemTestClient.connect(this.port);
		client.next("wsem:welcome");
		client.send(Map.of("event", "wsem:register", "data", "todo", "ack", 100));
		assertThat(client.answerTo(100).path("event").asString()).isEqualTo("wsem:ack");
		return client;
	}

}
