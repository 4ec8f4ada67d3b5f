package io.github.wsem.client;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import io.github.wsem.client.server.ClientTestApplication;
import io.github.wsem.client.server.ClientTestApplication.Note;
import io.github.wsem.core.EventManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Every call of {@link WsemClient} against a real server on a random port, over
 * WebSocket.
 */
@SpringBootTest(classes = ClientTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "wsem.allow-chosen-ids=true")
class WsemClientIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	EventManager events;

	private final java.util.List<WsemClient> clients = new java.util.ArrayList<>();

	@AfterEach
	void closeClients() {
		this.clients.forEach(WsemClient::close);
	}

	@Test
	void emitReturnsTheHandlersResultAndEveryRegisteredClientGetsTheEvent() throws Exception {
		Inbox<Note> alice = new Inbox<>();
		Inbox<Note> bob = new Inbox<>();
		WsemClient first = connected(client().on("note", Note.class, alice));
		WsemClient second = connected(client().on("note", Note.class, bob));
		// connect() completes on the welcome; rooms() answers once the register is done
		assertThat(second.rooms().get(5, TimeUnit.SECONDS)).containsExactly("note");

		Note saved = first.emit("note", new Note("milk", 1), Note.class).get(5, TimeUnit.SECONDS);

		assertThat(saved).isEqualTo(new Note("milk", 1));
		assertThat(alice.take()).isEqualTo(saved);
		assertThat(bob.take()).isEqualTo(saved);
	}

	@Test
	void emitWithoutAnAnswerIsFireAndForget() throws Exception {
		Inbox<Note> notes = new Inbox<>();
		Inbox<WsemClientException> errors = new Inbox<>();
		WsemClient client = connected(client().on("note", Note.class, notes).onError(errors));

		client.emit("nobody-listens", "dropped");
		client.emit("fail", null);
		client.emit("note", new Note("bread", 2));

		assertThat(errors.take().code()).as("a failed handler is still reported, without ack").isEqualTo("nope");
		assertThat(notes.take()).isEqualTo(new Note("bread", 2));
		assertThat(errors.isEmpty()).as("no no_handler for a frame without ack").isTrue();
	}

	@Test
	void aRefusedEmitFailsWithTheServersCode() throws Exception {
		WsemClient client = connected(client());

		assertThat(failure(client.emit("fail", null, Object.class)).code()).isEqualTo("nope");
		assertThat(failure(client.emit("nobody-listens", 1, Object.class)).code()).isEqualTo("no_handler");
	}

	@Test
	void framesEmittedBeforeTheWelcomeAreSentOnceConnected() throws Exception {
		WsemClient client = client();
		CompletableFuture<Map> whoami = client.emit("whoami", null, Map.class);
		client.connect();

		assertThat(whoami.get(5, TimeUnit.SECONDS).get("id")).isEqualTo(client.id());
	}

	@Test
	void endUnregistersWithTheLastListener() throws Exception {
		Inbox<String> first = new Inbox<>();
		Inbox<String> second = new Inbox<>();
		WsemClient client = connected(client().on("news", String.class, first).on("news", String.class, second));
		await().until(() -> this.events.hasClientRegistration("news"));

		client.end("news", first);
		this.events.emit("news", "one");
		assertThat(second.take()).isEqualTo("one");
		assertThat(this.events.hasClientRegistration("news")).isTrue();

		client.end("news", second);
		await().until(() -> !this.events.hasClientRegistration("news"));
		assertThat(first.isEmpty()).isTrue();
	}

	@Test
	void aListenerAddedWhileConnectedRegistersAtOnce() throws Exception {
		WsemClient client = connected(client());
		Inbox<JsonNode> news = new Inbox<>();
		client.on("news", JsonNode.class, news);
		await().until(() -> this.events.hasClientRegistration("news"));

		this.events.emit("news", Map.of("title", "hello"));

		assertThat(news.take().path("title").asString()).isEqualTo("hello");
	}

	@Test
	void directMessagesAreAnsweredAndTheFirstAnswerComesBack() throws Exception {
		Inbox<DirectMessage> received = new Inbox<>();
		WsemClient alice = connected(client());
		WsemClient bob = connected(client().onMessage(received).onMessage((message) -> message.answer("hello")));

		Answer<String> answer = alice.send(bob.id(), "hi", String.class).get(5, TimeUnit.SECONDS);
		assertThat(answer).isEqualTo(new Answer<>(bob.id(), "hello"));
		DirectMessage message = received.take();
		assertThat(message.from()).isEqualTo(alice.id());
		assertThat(message.message(String.class)).isEqualTo("hi");
		assertThat(message.expectsAnswer()).isTrue();

		alice.send(bob.id(), Map.of("n", 2));
		DirectMessage fireAndForget = received.take();
		assertThat(fireAndForget.message().path("n").asInt()).isEqualTo(2);
		assertThat(fireAndForget.expectsAnswer()).isFalse();

		WsemClientException unknown = failure(alice.send("nobody", "hi", String.class));
		assertThat(unknown.code()).isEqualTo("unknown_client");
		assertThat(unknown.data().path("clients").toString()).isEqualTo("[\"nobody\"]");
	}

	@Test
	void theServersMessagesReachMessageListeners() throws Exception {
		Inbox<DirectMessage> received = new Inbox<>();
		WsemClient client = connected(client().onMessage(received));

		this.events.send(client.id(), "from the server");

		DirectMessage message = received.take();
		assertThat(message.from()).isEqualTo("server");
		assertThat(message.message(String.class)).isEqualTo("from the server");
	}

	@Test
	void closeEndsTheConnectionAndFailsWhatWaits() throws Exception {
		Inbox<CloseStatus> closes = new Inbox<>();
		WsemClient client = connected(client().onClose(closes));
		String id = client.id();

		client.close();

		assertThat(closes.take().code()).isEqualTo(1000);
		assertThat(client.isConnected()).isFalse();
		assertThat(failure(client.emit("note", new Note("late", 0), Note.class)).code()).isEqualTo("closed");
		await().until(() -> this.events.clients().find(id).isEmpty());
	}

	@Test
	void aDroppedConnectionReconnectsAndRegistersAgain() throws Exception {
		Inbox<Welcome> opens = new Inbox<>();
		Inbox<Reconnecting> reconnecting = new Inbox<>();
		Inbox<Note> notes = new Inbox<>();
		WsemClient client = client().on("note", Note.class, notes).onOpen(opens).onReconnecting(reconnecting);
		client.connect();
		String first = opens.take().id();

		this.events.clients().find(first).orElseThrow().close();

		assertThat(reconnecting.take().attempt()).isEqualTo(1);
		Welcome again = opens.take();
		assertThat(again.id()).isNotEqualTo(first);
		assertThat(again.transport()).isEqualTo(Transport.WEBSOCKET);
		// frames are handled in order: once this is answered, the register sent before it
		// is done
		assertThat(client.emit("whoami", null, Map.class).get(5, TimeUnit.SECONDS).get("id")).isEqualTo(again.id());
		this.events.emit("note", new Note("after", 3));
		assertThat(notes.take()).isEqualTo(new Note("after", 3));
	}

	@Test
	void theWelcomeFutureFailsWhenNoConnectionCanBeMadeAndReconnectIsOff() throws Exception {
		Inbox<WsemClientException> errors = new Inbox<>();
		WsemClient client = WsemClient.builder("ws://localhost:1/wsem").noReconnect().build().onError(errors);
		this.clients.add(client);

		assertThatExceptionOfType(ExecutionException.class)
			.isThrownBy(() -> client.connect().get(10, TimeUnit.SECONDS));
		assertThat(errors.take().code()).isEqualTo("transport");
	}

	@Test
	void aListenerThatThrowsIsReportedAndTheOthersStillRun() throws Exception {
		Inbox<WsemClientException> errors = new Inbox<>();
		Inbox<Note> notes = new Inbox<>();
		connected(client().on("note", Note.class, (note) -> {
			throw new IllegalStateException("boom");
		}).on("note", Note.class, notes).onError(errors));
		await().until(() -> this.events.hasClientRegistration("note"));

		this.events.emit("note", new Note("x", 1));

		assertThat(notes.take()).isEqualTo(new Note("x", 1));
		WsemClientException error = errors.take();
		assertThat(error.code()).isEqualTo("listener");
		assertThat(error.getCause()).hasMessage("boom");
	}

	@Test
	void dataThatDoesNotFitTheListenersTypeIsReported() throws Exception {
		Inbox<WsemClientException> errors = new Inbox<>();
		Inbox<int[]> lists = new Inbox<>();
		connected(client().on("numbers", Note.class, (note) -> {
		}).on("numbers", int[].class, lists).onError(errors));
		await().until(() -> this.events.hasClientRegistration("numbers"));

		this.events.emit("numbers", List.of(1, 2));

		assertThat(errors.take().code()).isEqualTo("bad_data");
		assertThat(lists.take()).containsExactly(1, 2);
	}

	@Test
	void roomsAndANewIdAreAnsweredWithoutReconnecting() throws Exception {
		Inbox<String> news = new Inbox<>();
		Inbox<DirectMessage> messages = new Inbox<>();
		Inbox<Welcome> opens = new Inbox<>();
		WsemClient client = connected(client().on("news", String.class, news).onMessage(messages));
		client.onOpen(opens);
		assertThat(client.rooms().get(5, TimeUnit.SECONDS)).containsExactly("news");
		String previous = client.id();

		String fresh = client.releaseId().get(5, TimeUnit.SECONDS);
		assertThat(fresh).isNotEqualTo(previous).isEqualTo(client.id());
		assertThat(this.events.clients().find(previous)).isEmpty();
		this.events.send(fresh, "to the new id");
		assertThat(messages.take().message(String.class)).isEqualTo("to the new id");

		assertThat(client.takeId("java-1").get(5, TimeUnit.SECONDS)).isEqualTo("java-1");
		assertThat(client.id()).isEqualTo("java-1");
		WsemClient other = connected(client());
		assertThat(failure(other.takeId("java-1")).code()).isEqualTo("id_taken");
		assertThat(failure(other.takeId("server")).code()).isEqualTo("invalid_id");
		assertThatIllegalArgumentException().isThrownBy(() -> other.emit("wsem:register", List.of("news")))
			.withMessageContaining("reserved");
		this.events.emit("news", "rooms stay");
		assertThat(news.take()).isEqualTo("rooms stay");
		assertThat(opens.isEmpty()).isTrue();
	}

	private WsemClient client() {
		WsemClient client = WsemClient.builder("ws://localhost:" + this.port + "/wsem")
			.reconnect(Duration.ofMillis(50), Duration.ofMillis(200))
			.ackTimeout(Duration.ofSeconds(5))
			.build();
		this.clients.add(client);
		return client;
	}

	private WsemClient connected(WsemClient client) throws Exception {
		client.connect().get(5, TimeUnit.SECONDS);
		return client;
	}

	private static WsemClientException failure(CompletableFuture<?> future) {
		ExecutionException ex = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
				() -> future.get(10, TimeUnit.SECONDS));
		assertThat(ex.getCause()).isInstanceOf(WsemClientException.class);
		return (WsemClientException) ex.getCause();
	}

}
