package io.github.wsem.websocket;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.wsem.core.Client;
import io.github.wsem.core.ClientListener;
import io.github.wsem.core.EventHandler;
import io.github.wsem.core.EventManager;
import io.github.wsem.core.OutboundEvent;
import io.github.wsem.core.WsemListeningEvent;
import io.github.wsem.core.WsemShutdownEvent;
import io.github.wsem.test.RawWebSocketClient;
import io.github.wsem.test.ServerTest;
import io.github.wsem.test.TestClient;
import io.github.wsem.testapp.TestApplication;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

/**
 * The seeds' APIs that wsem maps: node-websocket-server's {@code rejected},
 * {@code shutdown}, {@code server.broadcast}; web-socket-server's {@code listening} and
 * {@code supportedSendTypes()}; {@code EventManager.off}; custom register names and
 * subprotocols on the wire.
 */
class SeedApiIntegrationTests {

	@TestConfiguration(proxyBeanMethods = false)
	static class Recording {

		@Bean
		Recorder recorder() {
			return new Recorder();
		}

	}

	static class Recorder implements ClientListener {

		final List<String> seen = new CopyOnWriteArrayList<>();

		@Override
		public void onRejected(Client client, String reason) {
			this.seen.add("rejected " + client.id() + " " + reason);
		}

		@Override
		public void onError(Client client, Throwable error) {
			this.seen.add("error " + client.id() + " " + error.getClass().getSimpleName());
		}

		@Override
		public void onClose(Client client, int code) {
			this.seen.add("close " + client.id() + " " + code);
		}

		@EventListener
		void listening(WsemListeningEvent event) {
			this.seen.add("listening " + event.getPort());
		}

		@EventListener
		void shutdown(WsemShutdownEvent event) {
			this.seen.add("shutdown " + event.getEventManager().clients().count());
			event.getEventManager().broadcastText("bye");
		}

	}

	@Nested
	@SpringBootTest(classes = { TestApplication.class, Recording.class }, webEnvironment = WebEnvironment.RANDOM_PORT,
			properties = "wsem.max-errors-per-minute=3")
	class WithDefaults extends ServerTest {

		@Autowired
		Recorder recorder;

		@Test
		void listeningIsPublishedWithThePort() {
			assertThat(this.recorder.seen).contains("listening " + this.port);
		}

		@Test
		void aRejectionReachesClientListenersWithItsReason() {
			TestClient client = this.clients.connect();
			TestClient other = this.clients.connect();
			this.eventManager.clients().find(client.id()).orElseThrow().reject("go away");
			assertThat(client.awaitClose()).isEqualTo(new TestClient.CloseStatus(1008, "go away"));
			await().until(() -> this.recorder.seen.contains("close " + client.id() + " 1008"));
			assertThat(this.recorder.seen.stream().filter((line) -> line.contains(client.id())))
				.containsExactly("rejected " + client.id() + " go away", "close " + client.id() + " 1008");
			assertThat(other.request("echo", "still here").path("data").asString()).isEqualTo("still here");
		}

		@Test
		void aClientClosedForBadFramesIsSeenAsRejected() {
			TestClient client = this.clients.connect();
			for (int i = 0; i < 4; i++) {
				client.send("not json");
			}
			assertThat(client.awaitClose().code()).isEqualTo(1008);
			await().until(() -> this.recorder.seen.contains("rejected " + client.id() + " Too many bad frames"));
		}

		@Test
		void aTransportErrorReachesOnError() throws Exception {
			String id;
			try (RawWebSocketClient raw = RawWebSocketClient.connect(this.port, 65536)) {
				id = TestClient.parse(raw.readText()).path("data").path("id").asString();
				raw.sendText(TestClient.frame("wsem:register", "x", 1L));
				raw.readText();
				raw.reset();
			}
			await().atMost(Duration.ofSeconds(10))
				.until(() -> this.recorder.seen.stream().anyMatch((line) -> line.startsWith("error " + id + " ")));
			await().until(() -> this.eventManager.clients().find(id).isEmpty());
		}

		@Test
		void broadcastTextSendsARawFrameToEveryClient() {
			TestClient a = this.clients.connect();
			TestClient b = this.clients.connect();
			b.register("room");
			this.eventManager.broadcastText("raw <frame> for all");
			assertThat(a.nextText()).isEqualTo("raw <frame> for all");
			assertThat(b.nextText()).isEqualTo("raw <frame> for all");
			this.eventManager.except(a.id()).sendText("not for a");
			this.eventManager.to("room").sendText("{\"looks\":\"like json\"}");
			assertThat(b.nextText()).isEqualTo("not for a");
			assertThat(b.nextText()).isEqualTo("{\"looks\":\"like json\"}");
			assertThat(a.request("echo", 1).path("event").asString()).isEqualTo("wsem:ack");
			assertThat(a.pending()).isEmpty();
		}

		@Test
		void theApplicationCannotEmitOrSendAProtocolFrame() {
			TestClient client = this.clients.connect();
			client.register("wsem:ack", "room");
			Client found = this.eventManager.clients().find(client.id()).orElseThrow();
			List<Runnable> attempts = List.of(() -> this.eventManager.emit("wsem:ack", Map.of("ack", 1)),
					() -> this.eventManager.to("room").emit("wsem:error", "no"),
					() -> this.eventManager.except("nobody").emit("wsem:welcome", "no"),
					() -> this.eventManager.emit(OutboundEvent.RAW_EVENT, "internal only"),
					() -> found.send("wsem:message", "no"), () -> found.broadcast("wsem:ack", "no"),
					() -> this.eventManager.on("wsem:register", (data, c) -> "never"));
			for (Runnable attempt : attempts) {
				assertThatIllegalArgumentException().isThrownBy(attempt::run)
					.withMessageContaining("reserved")
					.withMessageContaining("wsem:");
			}
			this.eventManager.broadcastText("raw still works");
			assertThat(client.nextText()).isEqualTo("raw still works");
			assertThat(client.request("echo", 1).path("event").asString()).isEqualTo("wsem:ack");
			assertThat(client.pending()).isEmpty();
		}

		@Test
		void theWelcomeAndTheEventManagerNameTheSupportedTypes() {
			JsonNode welcome = this.clients.connect().welcome().path("data");
			List<String> types = List.of("application/json", "text/plain");
			assertThat(welcome.path("supportedSendTypes").valueStream().map(JsonNode::asString)).isEqualTo(types);
			assertThat(welcome.path("supportedReceiveTypes").valueStream().map(JsonNode::asString)).isEqualTo(types);
			assertThat(this.eventManager.supportedSendTypes()).isEqualTo(types);
			assertThat(this.eventManager.supportedReceiveTypes()).isEqualTo(types);
		}

		@Test
		void offRemovesAHandler() {
			EventHandler<Object> handler = (data, client) -> "handled " + data;
			EventHandler<Object> other = (data, client) -> "other";
			this.eventManager.on("seed.off", handler);
			TestClient client = this.clients.connect();
			assertThat(client.request("seed.off", 1).path("data").asString()).isEqualTo("handled 1");
			this.eventManager.off("seed.off", other);
			assertThat(client.request("seed.off", 2).path("data").asString()).isEqualTo("handled 2");
			this.eventManager.off("seed.off", handler);
			JsonNode answer = client.request("seed.off", 3);
			assertThat(answer.path("event").asString()).isEqualTo("wsem:error");
			assertThat(answer.path("data").path("code").asString()).isEqualTo("no_handler");
		}

	}

	@Nested
	@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
			properties = { "wsem.register-event-name=subscribe", "wsem.unregister-event-name=unsubscribe",
					"wsem.websocket.subprotocols=chat.v2,Wsem.V1" })
	class WithCustomNames extends ServerTest {

		@Test
		void theConfiguredRegisterNamesWorkOnTheWire() {
			TestClient client = this.clients.connect();
			client.send("subscribe", "news", 1L);
			assertThat(client.next().path("data").path("rooms").valueStream().map(JsonNode::asString))
				.containsExactly("news");
			this.eventManager.emit("news", "hello");
			assertThat(client.next().path("data").asString()).isEqualTo("hello");
			client.send("wsem:register", "other", 2L);
			assertThat(client.next().path("data").path("code").asString()).isEqualTo("reserved_event");
			client.send("unsubscribe", "news", 3L);
			assertThat(client.next().path("data").path("rooms").isEmpty()).isTrue();
			assertThat(this.eventManager.hasClientRegistration("news")).isFalse();
		}

		@Test
		void theFirstConfiguredSubprotocolTheClientOffersIsSelectedWhateverItsCase() {
			assertThat(this.clients.track(this.clients.builder().subprotocols("wsem.v1", "chat.v2").connect())
				.subprotocol()).isEqualTo("chat.v2");
			assertThat(
					this.clients.track(this.clients.builder().subprotocols("other", "WSEM.V1").connect()).subprotocol())
				.isEqualTo("WSEM.V1");
			assertThat(this.clients.track(this.clients.builder().subprotocols("CHAT.V2").connect()).subprotocol())
				.isEqualTo("CHAT.V2");
			assertThat(this.clients.builder().subprotocols("wsem.v2").refusedStatus()).isEqualTo(400);
			assertThat(this.clients.connect().subprotocol()).isEmpty();
		}

	}

	@Test
	void shutdownIsPublishedWhileTheClientsAreStillConnected() {
		ConfigurableApplicationContext context = new SpringApplicationBuilder(TestApplication.class, Recording.class)
			.properties("server.port=0")
			.run();
		Recorder recorder = context.getBean(Recorder.class);
		TestClient client;
		try {
			client = TestClient
				.connect(context.getEnvironment().getRequiredProperty("local.server.port", Integer.class));
		}
		finally {
			context.close();
		}
		assertThat(client.nextText()).isEqualTo("bye");
		assertThat(client.awaitClose().code()).isEqualTo(1001);
		assertThat(recorder.seen).contains("shutdown 1");
	}

}
