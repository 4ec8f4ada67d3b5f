package io.github.wsem.sse;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import io.github.wsem.core.EventManager;
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
 * What an SSE client receives with {@code wsem.send-type=text/plain}, as the README's
 * socket API section says: a plain stream keeps its {@code event:} lines and the data as
 * text, a {@code frames=1} stream (wsem.js) gets each event as its bare text, and
 * protocol frames stay JSON on both.
 */
@SpringBootTest(classes = SseTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "wsem.send-type=text/plain", "wsem.sse.heartbeat=300ms" })
class SsePlainTextIntegrationTests {

	private final HttpClient http = HttpClient.newHttpClient();

	private final JsonMapper json = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	@Autowired
	EventManager events;

	@Autowired
	SseRegistry registry;

	@AfterEach
	void allStreamsGone() {
		await().atMost(Duration.ofSeconds(10)).until(() -> this.registry.size() == 0);
	}

	@Test
	void aPlainStreamKeepsItsEventLinesAndWritesTheDataAsText() throws Exception {
		try (SseTestClient stream = open("/wsem/sse?events=plain")) {
			JsonNode welcome = this.json.readTree(stream.next("wsem:welcome").data());
			assertThat(welcome.path("send").asString()).isEqualTo("text/plain");
			emitAll();
			assertEvent(stream.next(), "plain", "just words");
			assertEvent(stream.next(), "plain", "{\"an\":\"object\"}");
			assertEvent(stream.next(), "plain", "two\nlines");
			assertEvent(stream.next(), "plain", "null");
		}
	}

	@Test
	void aFramesStreamGetsEachEventAsItsBareTextAndProtocolFramesAsJson() throws Exception {
		try (SseTestClient stream = open("/wsem/sse?frames=1&events=plain")) {
			SseTestClient.Event first = stream.next();
			JsonNode welcome = this.json.readTree(first.data());
			assertThat(welcome.path("event").asString()).isEqualTo("wsem:welcome");
			emitAll();
			assertEvent(stream.next(), "message", "just words");
			assertEvent(stream.next(), "message", "{\"an\":\"object\"}");
			assertEvent(stream.next(), "message", "two\nlines");
			assertEvent(stream.next(), "message", "");
			HttpResponse<String> posted = post(welcome.path("data"),
					"{\"event\":\"note\",\"data\":{\"text\":\"x\"},\"ack\":4}");
			assertThat(posted.statusCode()).isEqualTo(202);
			JsonNode ack = this.json.readTree(stream.next().data());
			assertThat(ack.path("event").asString()).isEqualTo("wsem:ack");
			assertThat(ack.path("ack").asInt()).isEqualTo(4);
		}
	}

	private void emitAll() {
		this.events.emit("plain", "just words");
		this.events.emit("plain", Map.of("an", "object"));
		this.events.emit("plain", "two\nlines");
		this.events.emit("plain", null);
	}

	private static void assertEvent(SseTestClient.Event event, String name, String data) {
		assertThat(event.event()).isEqualTo(name);
		assertThat(event.data()).isEqualTo(data);
	}

	private SseTestClient open(String path) throws Exception {
		return new SseTestClient(this.http, URI.create("http://localhost:" + this.port + path));
	}

	private HttpResponse<String> post(JsonNode welcome, String body) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/wsem/emit"))
			.timeout(Duration.ofSeconds(5))
			.header("Content-Type", "application/json")
			.header(SseEndpoint.CLIENT_HEADER, welcome.path("id").asString())
			.header(SseEndpoint.TOKEN_HEADER, welcome.path("token").asString())
			.header(SseEndpoint.ACK_HEADER, "stream")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build();
		return this.http.send(request, HttpResponse.BodyHandlers.ofString());
	}

}
