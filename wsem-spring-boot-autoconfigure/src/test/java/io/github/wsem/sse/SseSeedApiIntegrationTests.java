package io.github.wsem.sse;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import java.util.Collections;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.github.wsem.core.EventHandler;
import io.github.wsem.core.EventManager;
import io.github.wsem.core.WsemException;
import io.github.wsem.ssetest.SseTestApplication;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * simple-sse's {@code setRetry} and {@code remove}, raw frames on SSE, and {@code POST
 * {endpoint}/emit} with its answers on the stream ({@code Wsem-Ack:
 * stream}), one frame or several a request.
 */
@SpringBootTest(classes = SseTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "wsem.sse.heartbeat=300ms")
class SseSeedApiIntegrationTests {

	private final HttpClient http = HttpClient.newHttpClient();

	private final JsonMapper json = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	@Autowired
	EventManager events;

	@Autowired
	SseRegistry registry;

	@Autowired
	SseTestApplication.Handlers handlers;

	@AfterEach
	void allClientsGone() {
		synchronized (this.handlers.received) {
			this.handlers.received.clear();
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> this.registry.size() == 0);
	}

	@Test
	void setRetryWritesARetryLine() throws Exception {
		try (SseTestClient stream = open("/wsem/sse?events=x")) {
			String id = welcome(stream).path("id").asString();
			this.registry.setRetry(this.registry.find(id).orElseThrow(), 1234);
			await().until(() -> stream.lines.contains("retry: 1234"));
		}
	}

	@Test
	void removeForgetsTheClientAndLeavesItsStreamOpen() throws Exception {
		try (SseTestClient stream = open("/wsem/sse?events=x")) {
			String id = welcome(stream).path("id").asString();
			SseClient client = this.registry.find(id).orElseThrow();
			this.registry.remove(client);
			assertThat(this.registry.find(id)).isEmpty();
			assertThat(this.events.clients().find(id)).isEmpty();
			assertThat(this.events.hasClientRegistration("x")).isFalse();
			this.events.emit("x", "not for a removed client");
			client.emitter().send("still open");
			await().until(() -> stream.lines.contains("data:still open"));
			assertThat(stream.events).isEmpty();
			assertThat(stream.ended.getCount()).isOne();
			client.emitter().complete();
		}
	}

	@Test
	void aRawFrameIsAMessageEventAndAFrameAsIsInFramesMode() throws Exception {
		try (SseTestClient stream = open("/wsem/sse?events=x"); SseTestClient frames = open("/wsem/sse?frames=1")) {
			welcome(stream);
			frames.next();
			this.events.broadcastText("raw\nwords");
			SseTestClient.Event event = stream.next();
			assertThat(event.event()).isEqualTo("message");
			assertThat(event.dataLines()).containsExactly("raw", "words");
			assertThat(frames.next().dataLines()).containsExactly("raw", "words");
		}
	}

	@Test
	void withAckOnTheStreamASlowHandlerHoldsUpNoRequest() throws Exception {
		CompletableFuture<Object> never = new CompletableFuture<>();
		EventHandler<Object> slow = (data, client) -> never;
		this.events.on("seed.slow", slow);
		try (SseTestClient stream = open("/wsem/sse?events=note")) {
			JsonNode welcome = welcome(stream);
			HttpResponse<String> held = post(welcome, "{\"event\":\"seed.slow\",\"ack\":1}", "application/json");
			HttpResponse<String> note = post(welcome, "{\"event\":\"note\",\"data\":{\"text\":\"a\"},\"ack\":2}",
					"application/json");
			assertThat(held.statusCode()).isEqualTo(202);
			assertThat(note.statusCode()).isEqualTo(202);
			assertThat(note.body()).isEmpty();
			stream.next("note");
			SseTestClient.Event ack = stream.next("wsem:ack");
			assertThat(this.json.readTree(ack.data()).path("from").asString()).isEqualTo("SSE");
			never.complete("late");
			assertThat(stream.next("wsem:ack").data()).isEqualTo("late");
		}
		finally {
			this.events.off("seed.slow", slow);
		}
	}

	@Test
	void aBatchIsDispatchedInOrderAndABadLineHarmsNoOther() throws Exception {
		try (SseTestClient stream = open("/wsem/sse")) {
			JsonNode welcome = welcome(stream);
			String body = String.join("\n", "{\"event\":\"note\",\"data\":{\"text\":\"a\"}}", "{not json",
					"{\"event\":\"note\",\"data\":{\"text\":\"b\"},\"ack\":7}", "",
					"{\"event\":\"note\",\"data\":{\"text\":\"c\"}}");
			assertThat(post(welcome, body, "application/x-ndjson").statusCode()).isEqualTo(202);
			SseTestClient.Event error = stream.next("wsem:error");
			assertThat(this.json.readTree(error.data()).path("code").asString()).isEqualTo("bad_frame");
			assertThat(stream.next("wsem:ack").data()).contains("SSE");
			await().until(() -> {
				synchronized (this.handlers.received) {
					return this.handlers.received.size() == 3;
				}
			});
			assertThat(this.handlers.received).containsExactly("a", "b", "c");
			String tooMany = String.join("\n", Collections.nCopies(65, "{\"event\":\"note\",\"data\":{}}"));
			assertThat(post(welcome, tooMany, "application/x-ndjson").statusCode()).isEqualTo(202);
			SseTestClient.Event refused = stream.next("wsem:error");
			assertThat(this.json.readTree(refused.data()).path("code").asString()).isEqualTo("too_large");
		}
	}

	@Test
	void anSseClientGivesUpItsIdAndItsRequestsMayNameEitherId() throws Exception {
		try (SseTestClient stream = open("/wsem/sse?events=note")) {
			JsonNode welcome = welcome(stream);
			String previous = welcome.path("id").asString();
			assertThat(post(welcome, "{\"event\":\"wsem:id\",\"ack\":1}", "application/json").statusCode())
				.isEqualTo(202);
			JsonNode ids = this.json.readTree(stream.next("wsem:ack").data());
			String id = ids.path("id").asString();
			assertThat(id).isNotEqualTo(previous);
			assertThat(ids.path("previous").asString()).isEqualTo(previous);
			assertThat(this.registry.find(id)).isPresent();
			assertThat(this.registry.find(previous)).isEmpty();
			assertThat(this.events.request(previous, "anyone?", Duration.ofSeconds(5)))
				.failsWithin(Duration.ofSeconds(1))
				.withThrowableThat()
				.havingCause()
				.isInstanceOf(WsemException.class)
				.satisfies((ex) -> assertThat(((WsemException) ex).getCode()).isEqualTo("unknown_client"));
			this.events.send(id, "to the new id");
			assertThat(this.json.readTree(stream.next("wsem:message").data()).path("message").asString())
				.isEqualTo("to the new id");
			JsonNode renamed = this.json.createObjectNode()
				.put("id", id)
				.put("token", welcome.path("token").asString());
			assertThat(
					post(welcome, "{\"event\":\"note\",\"data\":{\"text\":\"old\"}}", "application/json").statusCode())
				.isEqualTo(202);
			assertThat(
					post(renamed, "{\"event\":\"note\",\"data\":{\"text\":\"new\"}}", "application/json").statusCode())
				.isEqualTo(202);
			await().until(() -> {
				synchronized (this.handlers.received) {
					return this.handlers.received.size() == 2;
				}
			});
			assertThat(this.handlers.received).containsExactly("old", "new");
			assertThat(this.json.readTree(stream.next("note").data()).path("text").asString()).isEqualTo("old");
			assertThat(this.json.readTree(stream.next("note").data()).path("text").asString()).isEqualTo("new");
		}
	}

	@Test
	void withoutTheHeaderTheAnswerIsStillTheBody() throws Exception {
		try (SseTestClient stream = open("/wsem/sse")) {
			JsonNode welcome = welcome(stream);
			HttpRequest request = HttpRequest.newBuilder(uri("/wsem/emit"))
				.header("Content-Type", "application/json")
				.header(SseEndpoint.CLIENT_HEADER, welcome.path("id").asString())
				.header(SseEndpoint.TOKEN_HEADER, welcome.path("token").asString())
				.POST(HttpRequest.BodyPublishers.ofString("{\"event\":\"note\",\"data\":{\"text\":\"x\"},\"ack\":3}"))
				.build();
			HttpResponse<String> response = this.http.send(request, HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(this.json.readTree(response.body()).path("ack").asInt()).isEqualTo(3);
			assertThat(stream.events.poll(300, TimeUnit.MILLISECONDS)).isNull();
		}
	}

	private JsonNode welcome(SseTestClient stream) throws Exception {
		return this.json.readTree(stream.next("wsem:welcome").data());
	}

	private SseTestClient open(String path) throws Exception {
		return new SseTestClient(this.http, uri(path));
	}

	private HttpResponse<String> post(JsonNode welcome, String body, String contentType) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(uri("/wsem/emit"))
			.timeout(Duration.ofSeconds(5))
			.header("Content-Type", contentType)
			.header(SseEndpoint.CLIENT_HEADER, welcome.path("id").asString())
			.header(SseEndpoint.TOKEN_HEADER, welcome.path("token").asString())
			.header(SseEndpoint.ACK_HEADER, "stream")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build();
		return this.http.send(request, HttpResponse.BodyHandlers.ofString());
	}

	private URI uri(String path) {
		return URI.create("http://localhost:" + this.port + path);
	}

}
