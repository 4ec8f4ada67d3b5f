package io.github.wsem.websocket;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.wsem.core.Client;
import io.github.wsem.core.ClientListener;
import io.github.wsem.core.ConnectionState;
import io.github.wsem.core.EventManager;
import io.github.wsem.core.WsemListener;
import io.github.wsem.test.TestClient;
import io.github.wsem.test.ServerTest;
import io.github.wsem.testapp.TestApplication;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The socket API of web-socket-server and node-websocket-server: lifecycle events,
 * connection state, plain-text frames, raw sends and the connection manager.
 */
class SocketApiIntegrationTests {

	@TestConfiguration(proxyBeanMethods = false)
	static class Recording {

		@Bean
		RecordingListener recordingListener() {
			return new RecordingListener();
		}

		@Bean
		MessageHandler messageHandler(EventManager events) {
			return new MessageHandler(events);
		}

	}

	static class RecordingListener implements ClientListener {

		final List<String> seen = new CopyOnWriteArrayList<>();

		@Override
		public void onOpen(Client client) {
			this.seen.add("open " + client.id());
		}

		@Override
		public void onMessage(Client client, String text) {
			this.seen.add("message " + client.id() + " " + text);
		}

		@Override
		public void onClose(Client client, int code) {
			this.seen.add("close " + client.id() + " " + code);
		}

		@Override
		public void onError(Client client, Throwable error) {
			this.seen.add("error " + client.id());
		}

		@Override
		public void onStateChange(Client client, ConnectionState from, ConnectionState to) {
			this.seen.add("state " + client.id() + " " + from + ">" + to);
		}

	}

	static class MessageHandler {

		final List<String> texts = new CopyOnWriteArrayList<>();

		private final EventManager events;

		MessageHandler(EventManager events) {
			this.events = events;
		}

		@WsemListener("message")
		String onText(String text, Client client) {
			this.texts.add(text);
			client.sendText("echo: " + text);
			return "got it";
		}

		@WsemListener("shout")
		void shout(String text, Client client) {
			client.broadcast("shout", text);
		}

		EventManager events() {
			return this.events;
		}

	}

	abstract static class ServerTests extends ServerTest {

		@Autowired
		RecordingListener listener;

		@Autowired
		MessageHandler handler;

	}

	@Nested
	@SpringBootTest(classes = { TestApplication.class, Recording.class }, webEnvironment = WebEnvironment.RANDOM_PORT)
	class WithJsonFrames extends ServerTests {

		@Test
		void listenersSeeOpenMessageStateAndClose() {
			TestClient client = this.clients.connect();
			String id = client.id();
			client.register("x");
			client.closeAndWait();
			await().until(() -> this.listener.seen.contains("close " + id + " 1000"));
			assertThat(this.listener.seen.stream().filter((line) -> line.contains(id)).toList()).containsSubsequence(
					"state " + id + " OPENING>CONNECTED", "open " + id,
					"message " + id + " {\"event\":\"wsem:register\",\"data\":[\"x\"],\"ack\":1}",
					"state " + id + " CONNECTED>CLOSED", "close " + id + " 1000");
		}

		@Test
		void stateFollowsAClientThatIsRejected() {
			TestClient client = this.clients.connect();
			Client server = this.eventManager.clients().find(client.id()).orElseThrow();
			assertThat(server.state()).isEqualTo(ConnectionState.CONNECTED);
			assertThat(server.isOpen()).isTrue();
			server.reject("go away");
			assertThat(client.awaitClose()).isEqualTo(new TestClient.CloseStatus(1008, "go away"));
			await().until(() -> server.state() == ConnectionState.CLOSED);
			assertThat(server.isOpen()).isFalse();
			assertThat(this.listener.seen).contains("state " + client.id() + " CONNECTED>CLOSING");
		}

		@Test
		void welcomeReportsTheMediaTypes() {
			JsonNode welcome = this.clients.connect().welcome().path("data");
			assertThat(welcome.path("receive").asString()).isEqualTo("application/json");
			assertThat(welcome.path("send").asString()).isEqualTo("application/json");
		}

		@Test
		void textThatIsNotJsonGoesToTheMessageHandlerWhenThereIsOne() {
			TestClient client = this.clients.connect();
			client.send("hello there");
			assertThat(client.nextText()).isEqualTo("echo: hello there");
			assertThat(this.handler.texts).contains("hello there");
			assertThat(client.isOpen()).isTrue();
		}

		@Test
		void rawSendArrivesAsIs() {
			TestClient client = this.clients.connect();
			this.eventManager.clients().find(client.id()).orElseThrow().sendText("<raw & unframed>");
			assertThat(client.nextText()).isEqualTo("<raw & unframed>");
		}

		@Test
		void clientBroadcastReachesEveryoneButTheSender() {
			TestClient sender = this.clients.connect();
			TestClient other = this.clients.connect();
			TestClient third = this.clients.connect();
			sender.send("shout", "hey all", null);
			assertThat(other.next().path("data").asString()).isEqualTo("hey all");
			assertThat(third.next().path("data").asString()).isEqualTo("hey all");
			this.eventManager.to("*").emit("everyone", 1);
			assertThat(sender.next().path("event").asString()).isEqualTo("everyone");
			assertThat(sender.pending()).isEmpty();
		}

		@Test
		void connectionManagerCountsFindsMapsAndFilters() {
			TestClient a = this.clients.connect();
			TestClient b = this.clients.connect();
			b.register("vip");
			assertThat(this.eventManager.clients().count()).isEqualTo(2);
			assertThat(this.eventManager.clients().find(a.id())).isPresent();
			assertThat(this.eventManager.clients().find("nobody")).isEmpty();
			assertThat(this.eventManager.clients().map(Client::id)).containsExactlyInAnyOrder(a.id(), b.id());
			assertThat(this.eventManager.clients().filter((c) -> c.rooms().contains("vip"))).extracting(Client::id)
				.containsExactly(b.id());
			List<String> visited = new CopyOnWriteArrayList<>();
			this.eventManager.clients().forEach((c) -> visited.add(c.id()));
			assertThat(visited).hasSize(2);
		}

	}

	@Nested
	@SpringBootTest(classes = { TestApplication.class, Recording.class }, webEnvironment = WebEnvironment.RANDOM_PORT,
			properties = { "wsem.receive-type=text/plain", "wsem.send-type=text/plain" })
	class WithPlainText extends ServerTests {

		@Test
		void welcomeReportsPlainText() {
			JsonNode welcome = this.clients.connect().welcome().path("data");
			assertThat(welcome.path("receive").asString()).isEqualTo("text/plain");
			assertThat(welcome.path("send").asString()).isEqualTo("text/plain");
		}

		@Test
		void plainTextIsAMessageAndJsonFramesStillWork() {
			TestClient client = this.clients.connect();
			client.send("{not json");
			assertThat(client.nextText()).isEqualTo("echo: {not json");
			JsonNode answer = client.request("echo", Map.of("still", "json"));
			assertThat(answer.path("data").path("still").asString()).isEqualTo("json");
		}

		@Test
		void eventsGoOutAsTheirDataInPlainTextAndProtocolFramesStayJson() {
			TestClient client = this.clients.connect();
			client.register("plain");
			this.eventManager.emit("plain", "just words");
			this.eventManager.emit("plain", Map.of("an", "object"));
			this.eventManager.emit("plain", null);
			this.eventManager.clients().find(client.id()).orElseThrow().send("direct", 42);
			assertThat(client.nextText()).isEqualTo("just words");
			assertThat(client.nextText()).isEqualTo("{\"an\":\"object\"}");
			assertThat(client.nextText()).isEmpty();
			assertThat(client.nextText()).isEqualTo("42");
			assertThat(client.request("echo", "ack").path("event").asString()).isEqualTo("wsem:ack");
		}

	}

}
