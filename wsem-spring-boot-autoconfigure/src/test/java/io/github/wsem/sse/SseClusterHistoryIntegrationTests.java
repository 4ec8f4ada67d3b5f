package io.github.wsem.sse;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.github.wsem.core.OutboundEvent;
import io.github.wsem.test.ClusterNode;
import io.github.wsem.test.RedisEndpoint;
import io.github.wsem.test.RedisServer;
import io.github.wsem.test.ResumeDrill;
import io.github.wsem.test.TestClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Resume over SSE with {@code Last-Event-ID} on another node than the one that wrote the
 * cursor, and raw frames from another node, two nodes on a real redis-server.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SseClusterHistoryIntegrationTests {

	private final HttpClient http = HttpClient.newHttpClient();

	private RedisEndpoint redis;

	private ClusterNode a;

	private ClusterNode b;

	@BeforeAll
	void startCluster() {
		this.redis = startRedis();
		this.a = new ClusterNode(this.redis, "--wsem.history.size=10000", "--wsem.sse.heartbeat=500ms");
		this.b = new ClusterNode(this.redis, "--wsem.history.size=10000", "--wsem.sse.heartbeat=500ms");
	}

	@AfterAll
	void stopCluster() {
		this.a.close();
		this.b.close();
		stopRedis(this.redis);
	}

	RedisEndpoint startRedis() {
		return RedisServer.start();
	}

	void stopRedis(RedisEndpoint redis) {
		((RedisServer) redis).close();
	}

	@Test
	void welcomeCursorOfOneNodeResumesOnTheOther() throws Exception {
		String cursor;
		try (SseTestClient client = open(this.a, "/wsem/sse?events=early", null)) {
			cursor = client.next("wsem:welcome").id();
			assertThat(cursor).isNotBlank();
		}
		this.a.events().emit("early", "missed while away");
		try (SseTestClient client = open(this.b, "/wsem/sse?events=early", cursor)) {
			client.next("wsem:welcome");
			SseTestClient.Event missed = client.next();
			assertThat(missed.event()).isEqualTo("early");
			assertThat(missed.data()).isEqualTo("missed while away");
			assertThat(client.events.poll(300, TimeUnit.MILLISECONDS)).isNull();
		}
	}

	@Test
	void oneCursorResumesEveryRoomOnAnotherNode() throws Exception {
		String cursor;
		try (SseTestClient client = open(this.a, "/wsem/sse?events=a,b", null)) {
			client.next("wsem:welcome");
			this.b.events().emit("a", "a1");
			this.b.events().emit("b", "b1");
			client.next();
			cursor = client.next().id();
		}
		this.a.events().emit("b", "b2");
		this.b.events().emit("a", "a2");
		try (SseTestClient client = open(this.b, "/wsem/sse?events=a,b", cursor)) {
			client.next("wsem:welcome");
			List<String> missed = List.of(client.next().data(), client.next().data());
			assertThat(missed).containsExactlyInAnyOrder("a2", "b2");
			assertThat(client.events.poll(300, TimeUnit.MILLISECONDS)).isNull();
		}
	}

	@Test
	void streamOfTenThousandEventsArrivesExactlyOnceAcrossDropsAndNodes() throws Exception {
		ResumeDrill.run(10_000, (n) -> this.a.events().emit("sse-stream", n),
				SseResumer.start(this.http, "sse-stream", this.b.port(), this.a.port()), 300, Duration.ofSeconds(120));
		for (ClusterNode node : List.of(this.a, this.b)) {
			SseRegistry registry = node.context().getBean(SseRegistry.class);
			await().atMost(Duration.ofSeconds(10)).until(() -> registry.size() == 0);
		}
	}

	@Test
	void aRawBroadcastOnOneNodeIsExactlyItsTextOnTheOtherOverEveryTransport() throws Exception {
		String text = "raw \"text\" {not json}\nsecond line";
		try (TestClient socket = TestClient.connect(this.b.port());
				SseTestClient events = open(this.b, "/wsem/sse?events=x", null);
				SseTestClient frames = open(this.b, "/wsem/sse?frames=1", null)) {
			events.next("wsem:welcome");
			assertThat(frames.next().data()).contains("wsem:welcome");
			this.a.events().broadcastText(text);
			assertThat(socket.nextText()).isEqualTo(text);
			SseTestClient.Event event = events.next();
			assertThat(event.event()).isEqualTo("message");
			assertThat(event.data()).isEqualTo(text);
			SseTestClient.Event frame = frames.next();
			assertThat(frame.event()).isEqualTo("message");
			assertThat(frame.data()).isEqualTo(text);
			await().during(Duration.ofMillis(300))
				.atMost(Duration.ofSeconds(2))
				.until(() -> events.events.isEmpty() && frames.events.isEmpty());
			assertThat(socket.pending()).isEmpty();
			assertThat(events.lines).noneMatch((line) -> line.contains(OutboundEvent.RAW_EVENT));
			assertThat(frames.lines).noneMatch((line) -> line.contains(OutboundEvent.RAW_EVENT));
		}
	}

	private SseTestClient open(ClusterNode node, String path, String lastEventId) throws Exception {
		return new SseTestClient(this.http, URI.create("http://localhost:" + node.port() + path), lastEventId);
	}

}
