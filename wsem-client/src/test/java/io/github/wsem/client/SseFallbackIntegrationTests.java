package io.github.wsem.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import io.github.wsem.client.server.ClientTestApplication;
import io.github.wsem.client.server.ClientTestApplication.Note;
import io.github.wsem.core.EventManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Behind a proxy that lets no WebSocket through, the client falls back to Server-Sent
 * Events, emits with {@code POST}, and resumes a dropped stream with
 * {@code Last-Event-ID}.
 */
@SpringBootTest(classes = ClientTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "test.block-websocket=true", "wsem.history.size=1000" })
class SseFallbackIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	EventManager events;

	private final List<WsemClient> clients = new ArrayList<>();

	@AfterEach
	void closeClients() {
		this.clients.forEach(WsemClient::close);
	}

	@Test
	void aClientThatCannotOpenTheWebSocketFallsBackToSse() throws Exception {
		Inbox<Note> notes = new Inbox<>();
		Inbox<WsemClientException> errors = new Inbox<>();
		WsemClient client = client().on("note", Note.class, notes).onError(errors);

		Welcome welcome = client.connect().get(10, TimeUnit.SECONDS);

		assertThat(welcome.transport()).isEqualTo(Transport.SSE);
		assertThat(client.transport()).isEqualTo(Transport.SSE);
		assertThat(errors.take().code()).as("the refused WebSocket").isEqualTo("transport");
		assertThat(client.emit("note", new Note("over POST", 1), Note.class).get(5, TimeUnit.SECONDS))
			.isEqualTo(new Note("over POST", 1));
		assertThat(notes.take()).isEqualTo(new Note("over POST", 1));
		client.emit("note", new Note("fire and forget", 2));
		assertThat(notes.take()).isEqualTo(new Note("fire and forget", 2));
	}

	@Test
	void directMessagesAreAnsweredOverSse() throws Exception {
		WsemClient alice = client();
		alice.connect().get(10, TimeUnit.SECONDS);
		WsemClient bob = client().onMessage((message) -> message.answer(message.message(String.class) + "!"));
		bob.connect().get(10, TimeUnit.SECONDS);

		assertThat(alice.send(bob.id(), "hi", String.class).get(5, TimeUnit.SECONDS).message()).isEqualTo("hi!");
	}

	@Test
	void aDroppedStreamResumesWithLastEventIdAndMissesNothing() throws Exception {
		List<Integer> received = java.util.Collections.synchronizedList(new ArrayList<>());
		Inbox<Welcome> opens = new Inbox<>();
		WsemClient client = client().on("tick", Integer.class, received::add).onOpen(opens);
		client.connect().get(10, TimeUnit.SECONDS);
		opens.take();
		await().until(() -> this.events.hasClientRegistration("tick"));

		for (int i = 0; i < 300; i++) {
			this.events.emit("tick", i);
			if (i == 100 || i == 200) {
				await().until(client::isConnected);
				this.events.clients().find(client.id()).orElseThrow().close();
			}
			if (i % 20 == 0) {
				Thread.sleep(5);
			}
		}

		await().atMost(Duration.ofSeconds(10)).until(() -> received.size() >= 300);
		assertThat(opens.size()).as("reconnected twice").isEqualTo(2);
		assertThat(List.copyOf(received)).containsExactlyElementsOf(IntStream.range(0, 300).boxed().toList());
	}

	private WsemClient client() {
		WsemClient client = WsemClient.builder("http://localhost:" + this.port + "/wsem")
			.transports(Transport.WEBSOCKET, Transport.SSE)
			.reconnect(Duration.ofMillis(50), Duration.ofMillis(200))
			.ackTimeout(Duration.ofSeconds(5))
			.build();
		this.clients.add(client);
		return client;
	}

}
