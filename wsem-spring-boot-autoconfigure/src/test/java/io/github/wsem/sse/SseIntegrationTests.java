package io.github.wsem.sse;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.github.wsem.core.ClientHub;
import io.github.wsem.core.EventManager;
import io.github.wsem.ssetest.SseTestApplication;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@SpringBootTest(classes = SseTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "wsem.sse.heartbeat=300ms", "wsem.sse.retry=1500ms" })
class SseIntegrationTests {

	private final HttpClient http = HttpClient.newHttpClient();

	private final JsonMapper json = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	@Autowired
	EventManager events;

	@Autowired
	ClientHub manager;

	@Autowired
	SseRegistry registry;

	@Autowired
	SseTestApplication.Handlers handlers;

	@AfterEach
	void allClientsGone() {
		await().atMost(Duration.ofSeconds(10)).until(() -> this.registry.size() == 0);
	}

	@Test
	void streamBeginsWithRetryACommentAndTheWelcome() throws Exception {
		try (SseTestClient client = open("/wsem/sse?events=todo")) {
			assertThat(client.response.statusCode()).isEqualTo(200);
			assertThat(client.response.headers().firstValue("Content-Type"))
				.hasValueSatisfying((type) -> assertThat(type).startsWith("text/event-stream"));
			assertThat(client.response.headers().firstValue("Cache-Control")).hasValue("no-cache");
			assertThat(client.response.headers().firstValue("X-Accel-Buffering")).hasValue("no");
			assertThat(client.lines.poll(5, TimeUnit.SECONDS)).isEqualTo("retry: 1500");
			assertThat(client.lines.poll(5, TimeUnit.SECONDS)).isEqualTo(": wsem");
			SseTestClient.Event welcome = client.next();
			assertThat(welcome.event()).isEqualTo("wsem:welcome");
			Map<?, ?> data = this.json.readValue(welcome.data(), Map.class);
			assertThat((String) data.get("id")).hasSizeGreaterThanOrEqualTo(22);
			assertThat((String) data.get("token")).hasSizeGreaterThanOrEqualTo(22);
			assertThat(data.get("protocol")).isEqualTo(1);
		}
	}

	@Test
	void emitReachesTheRoomsOfTheStreamOnly() throws Exception {
		try (SseTestClient todo = open("/wsem/sse?events=todo,news");
				SseTestClient other = open("/wsem/sse?rooms=other")) {
			todo.next("wsem:welcome");
			other.next("wsem:welcome");
			this.events.emit("todo", Map.of("text", "milk"));
			this.events.emit("news", "hello");
			SseTestClient.Event first = todo.next();
			assertThat(first.event()).isEqualTo("todo");
			assertThat(first.data()).isEqualTo("{\"text\":\"milk\"}");
			assertThat(todo.next().data()).isEqualTo("hello");
			this.events.emit("other", 1);
			assertThat(other.next().data()).isEqualTo("1");
			assertThat(todo.events.poll(300, TimeUnit.MILLISECONDS)).isNull();
		}
	}

	@Test
	void multiLineStringArrivesAsSeveralDataLines() throws Exception {
		try (SseTestClient client = open("/wsem/sse?events=poem")) {
			client.next("wsem:welcome");
			this.events.emit("poem", "roses\nare\r\nred");
			SseTestClient.Event poem = client.next();
			assertThat(poem.dataLines()).containsExactly("roses", "are", "red");
		}
	}

	@Test
	void framesModeKeepsEveryFrameWholeForWsemJs() throws Exception {
		try (SseTestClient client = open("/wsem/sse?events=todo&frames=1")) {
			SseTestClient.Event welcome = client.next();
			assertThat(welcome.event()).isEqualTo("message");
			assertThat(welcome.data()).startsWith("{\"event\":\"wsem:welcome\"");
			this.events.emit("todo", "123");
			assertThat(client.next().data()).startsWith("{\"event\":\"todo\",\"data\":\"123\",\"id\":");
		}
	}

	@Test
	void starReceivesEveryRoom() throws Exception {
		try (SseTestClient client = open("/wsem/sse?events=*")) {
			client.next("wsem:welcome");
			this.events.emit("a", 1);
			this.events.to("b").emit("c", 2);
			assertThat(client.next().event()).isEqualTo("a");
			assertThat(client.next().event()).isEqualTo("c");
		}
	}

	@Test
	void heartbeatCommentArrives() throws Exception {
		try (SseTestClient client = open("/wsem/sse?events=quiet")) {
			await().atMost(Duration.ofSeconds(5)).until(() -> client.lines.contains(": ping"));
		}
	}

	@Test
	void invalidRoomIsRefusedWithBadRequest() throws Exception {
		HttpResponse<String> response = this.http.send(HttpRequest.newBuilder(uri("/wsem/sse?events=%01bad")).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(this.registry.size()).isZero();
	}

	@Test
	void emitWithTokenRunsTheHandlerAndAnswersTheAck() throws Exception {
		try (SseTestClient client = open("/wsem/sse?events=note")) {
			Map<?, ?> welcome = this.json.readValue(client.next("wsem:welcome").data(), Map.class);
			HttpResponse<String> response = post((String) welcome.get("id"), (String) welcome.get("token"),
					"{\"event\":\"note\",\"data\":{\"text\":\"hi\"},\"ack\":3}");
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(response.body()).isEqualTo("{\"event\":\"wsem:ack\",\"ack\":3,\"data\":{\"from\":\"SSE\"}}");
			assertThat(client.next("note").data()).isEqualTo("{\"text\":\"hi\"}");
			HttpResponse<String> noAck = post((String) welcome.get("id"), (String) welcome.get("token"),
					"{\"event\":\"note\",\"data\":{\"text\":\"again\"}}");
			assertThat(noAck.statusCode()).isEqualTo(202);
			assertThat(client.next("note").data()).isEqualTo("{\"text\":\"again\"}");
		}
	}

	@Test
	void emitWithWrongOrMissingTokenIsForbiddenAndDeliversNothing() throws Exception {
		try (SseTestClient client = open("/wsem/sse?events=note")) {
			Map<?, ?> welcome = this.json.readValue(client.next("wsem:welcome").data(), Map.class);
			String frame = "{\"event\":\"note\",\"data\":{\"text\":\"forged\"},\"ack\":1}";
			assertThat(post((String) welcome.get("id"), "wrong", frame).statusCode()).isEqualTo(403);
			assertThat(post((String) welcome.get("id"), null, frame).statusCode()).isEqualTo(403);
			assertThat(post(null, (String) welcome.get("token"), frame).statusCode()).isEqualTo(403);
			assertThat(post("nobody", (String) welcome.get("token"), frame).statusCode()).isEqualTo(403);
			assertThat(client.events.poll(300, TimeUnit.MILLISECONDS)).isNull();
			synchronized (this.handlers.received) {
				assertThat(this.handlers.received).doesNotContain("forged");
			}
		}
	}

	@Test
	void badFrameOverHttpIsAnsweredWithTheProtocolError() throws Exception {
		try (SseTestClient client = open("/wsem/sse?events=note")) {
			Map<?, ?> welcome = this.json.readValue(client.next("wsem:welcome").data(), Map.class);
			HttpResponse<String> response = post((String) welcome.get("id"), (String) welcome.get("token"),
					"{\"event\":\"wsem:nope\",\"ack\":4}");
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(this.json.readValue(response.body(), Map.class)).containsEntry("event", "wsem:error")
				.containsEntry("ack", 4);
			HttpResponse<String> notJson = post((String) welcome.get("id"), (String) welcome.get("token"), "nope");
			assertThat(notJson.statusCode()).isEqualTo(202);
			assertThat(client.next("wsem:error").data()).contains("bad_frame");
		}
	}

	@Test
	void webSocketAndSseClientsReachEachOther() throws Exception {
		BlockingQueue<String> frames = new LinkedBlockingQueue<>();
		WebSocket socket = this.http.newWebSocketBuilder()
			.buildAsync(URI.create("ws://localhost:" + this.port + "/wsem"), new WebSocket.Listener() {
				@Override
				public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
					frames.add(data.toString());
					webSocket.request(1);
					return null;
				}
			})
			.get(5, TimeUnit.SECONDS);
		try (SseTestClient sse = open("/wsem/sse?events=note")) {
			Map<?, ?> welcome = this.json.readValue(sse.next("wsem:welcome").data(), Map.class);
			socket.sendText("{\"event\":\"wsem:register\",\"data\":\"note\",\"ack\":1}", true);
			await().until(() -> frames.stream().anyMatch((f) -> f.contains("wsem:ack")));
			socket.sendText("{\"event\":\"note\",\"data\":{\"text\":\"from-ws\"}}", true);
			assertThat(sse.next("note").data()).isEqualTo("{\"text\":\"from-ws\"}");
			post((String) welcome.get("id"), (String) welcome.get("token"),
					"{\"event\":\"note\",\"data\":{\"text\":\"from-sse\"}}");
			await().until(() -> frames.stream().anyMatch((f) -> f.contains("from-sse")));
		}
		finally {
			socket.sendClose(1000, "").get(5, TimeUnit.SECONDS);
		}
		await().until(() -> this.events.clients().count() == 0);
	}

	@Test
	void applicationEndpointJoinsARoomLikeSimpleSse() throws Exception {
		try (SseTestClient client = open("/room/42")) {
			Map<?, ?> welcome = this.json.readValue(client.next("wsem:welcome").data(), Map.class);
			SseClient sseClient = this.registry.find((String) welcome.get("id")).orElseThrow();
			assertThat(this.registry.in(sseClient, "42")).isTrue();
			assertThat(this.registry.in(sseClient, "*")).isTrue();
			assertThat(this.registry.in(sseClient, "43")).isFalse();
			this.registry.broadcast("42", "tick", Map.of("n", 1));
			assertThat(client.next().data()).isEqualTo("{\"n\":1}");
			this.registry.send(sseClient, "just you");
			SseTestClient.Event direct = client.next();
			assertThat(direct.event()).isEqualTo("message");
			assertThat(direct.data()).isEqualTo("just you");
			this.registry.leave(sseClient, "42");
			this.registry.broadcast("42", "tick", 2);
			this.registry.broadcast("*", "all", 3);
			assertThat(client.next().event()).isEqualTo("all");
		}
	}

	@Test
	void closedStreamIsRemovedWithItsMemberships() throws Exception {
		SseTestClient client = open("/wsem/sse?events=gone,too");
		client.next("wsem:welcome");
		assertThat(this.events.hasClientRegistration("gone")).isTrue();
		client.close();
		await().atMost(Duration.ofSeconds(5)).until(() -> this.registry.size() == 0);
		assertThat(this.events.hasClientRegistration("gone")).isFalse();
		assertThat(this.manager.roomSizes()).isEmpty();
	}

	@Test
	void thousandOpenAndCloseCyclesLeaveNothingBehind() throws Exception {
		for (int i = 0; i < 1000; i++) {
			SseTestClient client = open("/wsem/sse?events=cycle,room" + (i % 7));
			client.next("wsem:welcome");
			client.close();
		}
		await().atMost(Duration.ofSeconds(20)).until(() -> this.registry.size() == 0);
		assertThat(this.events.clients().count()).isZero();
		assertThat(this.manager.roomSizes()).isEmpty();
	}

	private SseTestClient open(String path) throws Exception {
		return new SseTestClient(this.http, uri(path));
	}

	private HttpResponse<String> post(String client, String token, String body) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri("/wsem/emit"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body));
		if (client != null) {
			request.header(SseEndpoint.CLIENT_HEADER, client);
		}
		if (token != null) {
			request.header(SseEndpoint.TOKEN_HEADER, token);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private URI uri(String path) {
		return URI.create("http://localhost:" + this.port + path);
	}

}
