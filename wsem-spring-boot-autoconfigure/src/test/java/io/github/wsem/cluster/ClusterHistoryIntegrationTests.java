package io.github.wsem.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.github.wsem.test.ClusterNode;
import io.github.wsem.test.RedisEndpoint;
import io.github.wsem.test.RedisServer;
import io.github.wsem.test.TestClient;
import io.github.wsem.test.TestClients;
import io.github.wsem.test.ResumeDrill;
import io.github.wsem.test.WebSocketResumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.script.RedisScript;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * History and resume of PROTOCOL.md section 5 across two nodes on a real redis-server: a
 * client resumes on another node just as on the same one.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterHistoryIntegrationTests {

	private RedisEndpoint redis;

	private ClusterNode a;

	private ClusterNode b;

	private final List<TestClients> clients = new ArrayList<>();

	@BeforeAll
	void startCluster() {
		this.redis = startRedis();
		this.a = new ClusterNode(this.redis, "--wsem.history.size=10000");
		this.b = new ClusterNode(this.redis, "--wsem.history.size=10000");
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

	@AfterEach
	void closeClients() {
		this.clients.forEach(TestClients::close);
		this.clients.clear();
	}

	@Test
	@Order(1)
	void loadsItsScriptsIntoRedisBeforeTheFirstEmit() {
		// a script Redis does not know is sent again after the emits sent meanwhile
		await().atMost(Duration.ofSeconds(10)).until(this::emitScriptIsLoaded);
	}

	@Test
	void crossNodeEmitsCarryTheSameIdsOnEveryNode() {
		TestClient onA = clientOf(this.a);
		TestClient onB = clientOf(this.b);
		onA.register("ids");
		onB.register("ids");
		// emits of two nodes go to Redis on two connections: the second waits for the
		// first
		this.b.events().emit("ids", 1);
		JsonNode firstOnA = onA.next();
		this.a.events().emit("ids", 2);
		JsonNode secondOnA = onA.next();
		assertThat(firstOnA.path("data").asInt()).isEqualTo(1);
		assertThat(secondOnA.path("data").asInt()).isEqualTo(2);
		assertThat(firstOnA.path("id").asString()).isNotBlank().isNotEqualTo(secondOnA.path("id").asString());
		assertThat(onB.next().path("id").asString()).isEqualTo(firstOnA.path("id").asString());
		assertThat(onB.next().path("id").asString()).isEqualTo(secondOnA.path("id").asString());
	}

	@Test
	void emitsOfOneNodeToOneRoomOrSeveralReachEveryNodeInEmitOrder() {
		TestClient onA = clientOf(this.a);
		TestClient onB = clientOf(this.b);
		onA.register("mixed");
		onB.register("mixed");
		for (int i = 0; i < 200; i++) {
			if (i % 3 == 0) {
				this.a.events().to("mixed").to("other").emit("mixed", i);
			}
			else {
				this.a.events().emit("mixed", i);
			}
		}
		for (TestClient client : List.of(onA, onB)) {
			List<Integer> received = new ArrayList<>();
			for (int i = 0; i < 200; i++) {
				received.add(client.next().path("data").asInt());
			}
			assertMixedOrder(received);
		}
	}

	/**
	 * Check the order of the emits of
	 * {@link #emitsOfOneNodeToOneRoomOrSeveralReachEveryNodeInEmitOrder}, every third one
	 * to two rooms.
	 */
	void assertMixedOrder(List<Integer> received) {
		assertThat(received).isSorted().hasSize(200);
	}

	@Test
	void clientResumesOnAnotherNodeWithTheMissedEventsBeforeTheAck() {
		TestClient onA = clientOf(this.a);
		onA.register("resume");
		List<String> ids = new ArrayList<>();
		for (int i = 1; i <= 5; i++) {
			this.a.events().emit("resume", i);
			ids.add(onA.next().path("id").asString());
		}
		onA.closeAndWait();
		TestClient onB = clientOf(this.b);
		onB.send("wsem:register", Map.of("events", List.of("resume"), "since", ids.get(1)), 1L);
		JsonNode replayed = onB.next();
		assertThat(replayed.path("data").asInt()).isEqualTo(3);
		assertThat(replayed.path("id").asString()).isEqualTo(ids.get(2));
		assertThat(onB.next().path("data").asInt()).isEqualTo(4);
		assertThat(onB.next().path("data").asInt()).isEqualTo(5);
		assertThat(onB.next().path("event").asString()).isEqualTo("wsem:ack");
		this.a.events().emit("resume", 6);
		assertThat(onB.next().path("data").asInt()).isEqualTo(6);
		assertNothingMore(onB);
	}

	@Test
	void resumeFromTheNewestEventOnAnotherNodeReplaysNothing() {
		TestClient onA = clientOf(this.a);
		onA.register("newest");
		this.a.events().emit("newest", "only");
		String id = onA.next().path("id").asString();
		TestClient onB = clientOf(this.b);
		onB.send("wsem:register", Map.of("events", List.of("newest"), "since", id), 1L);
		assertThat(onB.next().path("event").asString()).isEqualTo("wsem:ack");
		assertNothingMore(onB);
	}

	@Test
	void idFromAnotherEpochReplaysWhatIsKeptThenRecoveryIncomplete() {
		this.a.events().emit("epoch", "kept");
		TestClient onB = clientOf(this.b);
		onB.send("wsem:register", Map.of("events", List.of("epoch"), "since", "AAAAAAAA.1-0"), 1L);
		assertThat(onB.next().path("data").asString()).isEqualTo("kept");
		assertRecoveryIncomplete(onB.next(), "epoch");
		assertThat(onB.next().path("event").asString()).isEqualTo("wsem:ack");
	}

	@Test
	void trimmedEventsGiveWhatIsKeptThenRecoveryIncomplete() {
		TestClient onA = clientOf(this.a);
		onA.register("trim");
		List<String> ids = new ArrayList<>();
		for (int i = 1; i <= 5; i++) {
			this.a.events().emit("trim", i);
			ids.add(onA.next().path("id").asString());
		}
		this.a.redis().opsForStream().trim("wsem:{room:trim}:history", 2);
		TestClient missedOne = clientOf(this.b);
		missedOne.send("wsem:register", Map.of("events", List.of("trim"), "since", ids.get(1)), 1L);
		assertThat(missedOne.next().path("data").asInt()).isEqualTo(4);
		assertThat(missedOne.next().path("data").asInt()).isEqualTo(5);
		assertRecoveryIncomplete(missedOne.next(), "trim");
		assertThat(missedOne.next().path("event").asString()).isEqualTo("wsem:ack");
		TestClient missedNone = clientOf(this.b);
		missedNone.send("wsem:register", Map.of("events", List.of("trim"), "since", ids.get(2)), 1L);
		assertThat(missedNone.next().path("data").asInt()).as("the client has event 3, the newest trimmed one")
			.isEqualTo(4);
		assertThat(missedNone.next().path("data").asInt()).isEqualTo(5);
		assertThat(missedNone.next().path("event").asString()).isEqualTo("wsem:ack");
	}

	@Test
	void forgottenRoomGivesRecoveryIncomplete() {
		TestClient onA = clientOf(this.a);
		onA.register("forgotten");
		this.a.events().emit("forgotten", "x");
		String id = onA.next().path("id").asString();
		this.a.redis().delete("wsem:{room:forgotten}:history");
		this.a.events().emit("forgotten", "after the room was forgotten");
		onA.next();
		TestClient onB = clientOf(this.b);
		onB.send("wsem:register", Map.of("events", List.of("forgotten"), "since", id), 1L);
		assertThat(onB.next().path("data").asString()).isEqualTo("after the room was forgotten");
		assertRecoveryIncomplete(onB.next(), "forgotten");
		assertThat(onB.next().path("event").asString()).isEqualTo("wsem:ack");
	}

	@Test
	void streamOfTenThousandEventsArrivesExactlyOnceAcrossServerClosesAndNodes() throws Exception {
		TestClients onA = new TestClients(this.a.port());
		TestClients onB = new TestClients(this.b.port());
		this.clients.add(onA);
		this.clients.add(onB);
		ResumeDrill.run(10_000, (n) -> this.a.events().emit("stream", n), WebSocketResumer.start("stream",
				new WebSocketResumer.Node(onB, this.b.events()), new WebSocketResumer.Node(onA, this.a.events())), 300,
				Duration.ofSeconds(120));
	}

	@Test
	@Order(Integer.MAX_VALUE - 1)
	void withoutRedisResumeJoinsAndAnswersRecoveryIncompleteAndEmitsStayLocal() {
		TestClient onA = clientOf(this.a);
		onA.register("outage");
		this.a.events().emit("outage", "before");
		String id = onA.next().path("id").asString();
		this.redis.kill();
		try {
			this.a.events().emit("outage", "during");
			JsonNode during = onA.next();
			assertThat(during.path("data").asString()).isEqualTo("during");
			assertThat(during.path("id").asString()).as("an event Redis did not keep is named after the last one kept")
				.startsWith(id + ".");
			TestClient onB = clientOf(this.b);
			onB.send("wsem:register", Map.of("events", List.of("outage"), "since", id), 1L);
			assertRecoveryIncomplete(onB.next(), "outage");
			JsonNode ack = onB.next();
			assertThat(ack.path("event").asString()).isEqualTo("wsem:ack");
			assertThat(ack.path("data").path("rooms").toString()).contains("outage");
		}
		finally {
			this.redis.restart();
		}
	}

	@Test
	@Order(Integer.MAX_VALUE)
	void loadsItsScriptsAgainWhenRedisComesBackWithoutThem() {
		// the previous test restarted Redis, whose new process knows no scripts
		await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(this::emitScriptIsLoaded);
		TestClient onB = clientOf(this.b);
		onB.register("after-restart");
		for (int i = 0; i < 100; i++) {
			this.a.events().emit("after-restart", i);
		}
		for (int i = 0; i < 100; i++) {
			assertThat(onB.next().path("data").asInt()).isEqualTo(i);
		}
	}

	private boolean emitScriptIsLoaded() {
		String sha1 = RedisScript.of(new ClassPathResource("io/github/wsem/broker/redis/history-emit.lua")).getSha1();
		List<Boolean> exists = this.a.redis()
			.execute((RedisCallback<List<Boolean>>) (connection) -> connection.scriptingCommands().scriptExists(sha1));
		return exists != null && exists.equals(List.of(true));
	}

	private TestClient clientOf(ClusterNode node) {
		TestClients factory = new TestClients(node.port());
		this.clients.add(factory);
		return factory.connect();
	}

	private static void assertRecoveryIncomplete(JsonNode frame, String room) {
		assertThat(frame.path("event").asString()).isEqualTo("wsem:error");
		assertThat(frame.path("data").path("code").asString()).isEqualTo("recovery_incomplete");
		assertThat(frame.path("data").path("room").asString()).isEqualTo(room);
	}

	private static void assertNothingMore(TestClient client) {
		await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> client.pending().isEmpty());
	}

}
