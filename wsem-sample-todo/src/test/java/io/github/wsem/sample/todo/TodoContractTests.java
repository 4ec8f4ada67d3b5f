package io.github.wsem.sample.todo;

import java.util.List;
import java.util.Map;

import io.github.wsem.client.WsemClientException;
import io.github.wsem.client.test.WsemTestClient;
import io.github.wsem.client.test.WsemTestClients;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample's contract, spoken by Java clients of the test kit
 * ({@link WsemTestClients}): what any client, not only the bundled {@code wsem.js}, can
 * rely on.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class TodoContractTests {

	@Autowired
	WsemTestClients clients;

	@Autowired
	TodoStore store;

	@BeforeEach
	void emptyTheList() {
		this.store.clear();
	}

	@Test
	void aTodoEmittedByOneClientReachesEveryClientRegisteredForTodo() {
		WsemTestClient alice = this.clients.connect("todo");
		WsemTestClient bob = this.clients.connect("todo");

		Todo saved = alice.emit("todo", Map.of("text", "milk")).expectAck(Todo.class);

		assertThat(saved.text()).isEqualTo("milk");
		assertThat(saved.done()).isFalse();
		assertThat(saved.id()).isNotEmpty();
		for (WsemTestClient client : List.of(alice, bob)) {
			TodoChange change = client.awaitEvent("todo", TodoChange.class);
			assertThat(change.action()).isEqualTo("added");
			assertThat(change.text()).isEqualTo("milk");
			assertThat(change.id()).isEqualTo(saved.id());
			assertThat(change.createdAt()).isEqualTo(saved.createdAt());
		}
	}

	@Test
	void theDataMayBeJustTheTextAsInTheOriginalWsem() {
		WsemTestClient client = this.clients.connect("todo");

		assertThat(client.emit("todo", "buy a bottle of milk").expectAck(Todo.class).text())
			.isEqualTo("buy a bottle of milk");
		assertThat(client.awaitEvent("todo", TodoChange.class).text()).isEqualTo("buy a bottle of milk");
	}

	@Test
	void theTextIsTrimmedBeforeItIsStored() {
		WsemTestClient client = this.clients.connect("todo");

		assertThat(client.emit("todo", Map.of("text", "  call mum \n")).expectAck(Todo.class).text())
			.isEqualTo("call mum");
		assertThat(this.store.list()).extracting(Todo::text).containsExactly("call mum");
	}

	@Test
	void aTextOverFiveHundredCharactersIsAnsweredInvalidAndNotStored() {
		WsemTestClient client = this.clients.connect("todo");

		WsemClientException error = client.emit("todo", Map.of("text", "x".repeat(501))).expectError();

		assertThat(error.code()).isEqualTo("invalid");
		assertThat(error.getMessage()).contains("500");
		assertThat(this.store.list()).isEmpty();
		client.assertNoEvent("todo", java.time.Duration.ofMillis(200));
	}

	@Test
	void fiveHundredCharactersAreAccepted() {
		WsemTestClient client = this.clients.connect("todo");

		assertThat(client.emit("todo", Map.of("text", "é".repeat(500))).expectAck(Todo.class).text()).hasSize(500);
	}

	@Test
	void aBlankOrMissingTextIsAnsweredInvalid() {
		WsemTestClient client = this.clients.connect("todo");

		assertThat(client.emit("todo", Map.of("text", " \t ")).expectError().code()).isEqualTo("invalid");
		assertThat(client.emit("todo", Map.of()).expectError().code()).isEqualTo("invalid");
		assertThat(client.emit("todo", null).expectError().code()).isEqualTo("invalid");
		assertThat(this.store.list()).isEmpty();
	}

	@Test
	void theListIsTheAckOfTodosList() {
		WsemTestClient client = this.clients.connect();
		client.emit("todo", Map.of("text", "first")).expectAck(Todo.class);
		client.emit("todo", Map.of("text", "second")).expectAck(Todo.class);

		Todo[] list = client.emit("todos:list", null).expectAck(Todo[].class);

		assertThat(list).extracting(Todo::text).containsExactly("first", "second");
	}

	@Test
	void toggleAndDeleteAreBroadcastAsTodoEvents() {
		WsemTestClient alice = this.clients.connect();
		WsemTestClient bob = this.clients.connect("todo");
		String id = alice.emit("todo", Map.of("text", "water the plants")).expectAck(Todo.class).id();
		bob.awaitEvent("todo", TodoChange.class);

		assertThat(alice.emit("todo:toggle", Map.of("id", id)).expectAck(Todo.class).done()).isTrue();
		TodoChange updated = bob.awaitEvent("todo", TodoChange.class);
		assertThat(updated.action()).isEqualTo("updated");
		assertThat(updated.done()).isTrue();
		assertThat(updated.text()).isEqualTo("water the plants");

		alice.emit("todo:delete", Map.of("id", id)).expectAck(Todo.class);
		TodoChange deleted = bob.awaitEvent("todo", TodoChange.class);
		assertThat(deleted.action()).isEqualTo("deleted");
		assertThat(deleted.id()).isEqualTo(id);
		assertThat(this.store.list()).isEmpty();
	}

	@Test
	void anUnknownIdIsAnsweredNotFound() {
		WsemTestClient client = this.clients.connect();

		assertThat(client.emit("todo:toggle", Map.of("id", "nope")).expectError().code()).isEqualTo("not_found");
		assertThat(client.emit("todo:delete", Map.of("id", "nope")).expectError().code()).isEqualTo("not_found");
	}

}
