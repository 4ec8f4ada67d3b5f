package io.github.wsem.sse;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.github.wsem.core.EventManager;
import io.github.wsem.ssetest.SseTestApplication;
import io.github.wsem.test.ResumeDrill;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Resume over SSE with {@code Last-Event-ID} (PROTOCOL.md sections 5 and 7).
 */
@SpringBootTest(classes = SseTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "wsem.history.size=10000", "wsem.sse.heartbeat=500ms" })
class SseHistoryIntegrationTests {

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	int port;

	@Autowired
	EventManager events;

	@Autowired
	SseRegistry registry;

	@Test
	void welcomeCarriesTheCursorSoThatADropBeforeTheFirstEventLosesNothing() throws Exception {
		String cursor;
		try (SseTestClient client = open("/wsem/sse?events=early", null)) {
			SseTestClient.Event welcome = client.next();
			assertThat(welcome.event()).isEqualTo("wsem:welcome");
			cursor = welcome.id();
			assertThat(cursor).isNotBlank();
		}
		this.events.emit("early", "missed while away");
		try (SseTestClient client = open("/wsem/sse?events=early", cursor)) {
			client.next("wsem:welcome");
			SseTestClient.Event missed = client.next();
			assertThat(missed.event()).isEqualTo("early");
			assertThat(missed.data()).isEqualTo("missed while away");
		}
	}

	@Test
	void oneCursorResumesEveryRoomOfTheStream() throws Exception {
		String cursor;
		try (SseTestClient client = open("/wsem/sse?events=a,b", null)) {
			client.next("wsem:welcome");
			this.events.emit("a", "a1");
			this.events.emit("b", "b1");
			client.next();
			cursor = client.next().id();
		}
		this.events.emit("b", "b2");
		this.events.emit("a", "a2");
		try (SseTestClient client = open("/wsem/sse?events=a,b", cursor)) {
			client.next("wsem:welcome");
			List<String> missed = List.of(client.next().data(), client.next().data());
			assertThat(missed).containsExactlyInAnyOrder("a2", "b2");
			assertThat(client.events.poll(300, TimeUnit.MILLISECONDS)).isNull();
		}
	}

	@Test
	void unreadableLastEventIdGetsWhatIsKeptAndRecoveryIncomplete() throws Exception {
		this.events.emit("gone", "kept");
		try (SseTestClient client = open("/wsem/sse?events=gone", "not-a-cursor")) {
			client.next("wsem:welcome");
			assertThat(client.next().data()).isEqualTo("kept");
			SseTestClient.Event error = client.next();
			assertThat(error.event()).isEqualTo("wsem:error");
			assertThat(error.data()).contains("recovery_incomplete").contains("\"room\":\"gone\"");
		}
	}

	@Test
	void streamOfTenThousandEventsArrivesExactlyOnceAcrossDrops() throws Exception {
		ResumeDrill.run(10_000, (n) -> this.events.emit("sse-stream", n),
				SseResumer.start(this.http, "sse-stream", this.port), 1500, Duration.ofSeconds(90));
		await().atMost(Duration.ofSeconds(10)).until(() -> this.registry.size() == 0);
	}

	private SseTestClient open(String path, String lastEventId) throws Exception {
		return new SseTestClient(this.http, URI.create("http://localhost:" + this.port + path), lastEventId);
	}

}
