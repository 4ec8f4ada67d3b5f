package io.github.wsem.cluster;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import io.github.wsem.broker.redis.RedisBroker;
import io.github.wsem.core.DirectAnswer;
import io.github.wsem.core.EventManager;
import io.github.wsem.clustertest.ClusterTestApplication;
import io.github.wsem.test.RedisEndpoint;
import io.github.wsem.test.RedisServer;
import io.github.wsem.test.TestClient;
import io.github.wsem.test.TestClients;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Three nodes in one JVM on random ports, one real redis-server: any client on any node
 * behaves as on one node. {@link RedisClusterIntegrationTests} runs the same on Redis
 * Cluster.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIntegrationTests {

	private RedisEndpoint redis;

	private Node a;

	private Node b;

	private Node c;

	private final List<TestClients> clients = new ArrayList<>();

	@BeforeAll
	void startCluster() {
		this.redis = startRedis();
		this.a = new Node(this.redis);
		this.b = new Node(this.redis);
		this.c = new Node(this.redis);
	}

	@AfterAll
	void stopCluster() {
		for (Node node : List.of(this.a, this.b, this.c)) {
			node.context.close();
		}
		stopRedis(this.redis);
	}

	RedisEndpoint startRedis() {
		return RedisServer.start();
	}

	void stopRedis(RedisEndpoint redis) {
		((RedisServer) redis).close();
	}

	/**
	 * Whether an emit to one room and a later one to several rooms keep their order (on
	 * Redis Cluster they travel on channels of different shards).
	 */
	boolean keepsOrderOfRoomAndSeveralRoomEmits() {
		return true;
	}

	@BeforeEach
	void noClientsYet() {
		this.clients.clear();
	}

	@AfterEach
	void closeClients() {
		this.clients.forEach(TestClients::close);
	}

	@Test
	@Order(1)
	void emitOnAnotherNodeReachesTheClientExactlyOnce() {
		TestClient onA = clientOf(this.a);
		onA.register("news");
		await().until(() -> this.b.events.hasClientRegistration("news"));
		this.b.events.emit("news", Map.of("n", 1));
		this.b.events.emit("news", Map.of("n", 2));
		assertThat(onA.next().path("data").path("n").asInt()).isEqualTo(1);
		assertThat(onA.next().path("data").path("n").asInt()).isEqualTo(2);
		assertNothingMore(onA);
	}

	@Test
	@Order(2)
	void emitReachesClientsOnEveryNodeExactlyOnce() {
		TestClient onA = clientOf(this.a);
		TestClient onB = clientOf(this.b);
		TestClient onC = clientOf(this.c);
		for (TestClient client : List.of(onA, onB, onC)) {
			client.register("todo");
		}
		onA.send("note", Map.of("text", "ignored"), null);
		this.a.events.to("todo").emit("todo", Map.of("text", "milk"));
		this.a.events.to("todo").to("other").except(onC.id()).emit("todo", Map.of("text", "bread"));
		for (TestClient client : List.of(onA, onB)) {
			List<String> texts = List.of(client.next().path("data").path("text").asString(),
					client.next().path("data").path("text").asString());
			if (keepsOrderOfRoomAndSeveralRoomEmits()) {
				assertThat(texts).containsExactly("milk", "bread");
			}
			else {
				assertThat(texts).containsExactlyInAnyOrder("milk", "bread");
			}
		}
		assertThat(onC.next().path("data").path("text").asString()).isEqualTo("milk");
		this.c.events.to("*").emit("everyone", 1);
		for (TestClient client : List.of(onA, onB, onC)) {
			assertThat(client.next().path("event").asString()).isEqualTo("everyone");
			assertNothingMore(client);
		}
	}

	@Test
	@Order(3)
	void directMessageCrossesNodesAndTheAnswerComesBack() throws Exception {
		TestClient alice = clientOf(this.a);
		TestClient carol = clientOf(this.c);
		alice.send("wsem:send", Map.of("to", carol.id(), "message", "ping"), 7L);
		JsonNode message = carol.next();
		assertThat(message.path("data").path("from").asString()).isEqualTo(alice.id());
		carol.send("wsem:answer", Map.of("reply", message.path("data").path("reply").asLong(), "message", "pong"),
				null);
		JsonNode ack = alice.next();
		assertThat(ack.path("ack").asLong()).isEqualTo(7);
		assertThat(ack.path("data").path("from").asString()).isEqualTo(carol.id());
		assertThat(ack.path("data").path("message").asString()).isEqualTo("pong");
		CompletableFuture<DirectAnswer> answer = this.b.events.request(alice.id(), "from b", Duration.ofSeconds(5));
		JsonNode request = alice.next();
		alice.send("wsem:answer", Map.of("reply", request.path("data").path("reply").asLong(), "message", "ok"), null);
		assertThat(answer.get(5, TimeUnit.SECONDS).message()).isEqualTo("ok");
		JsonNode unknown = alice.request("wsem:send", Map.of("to", List.of(carol.id(), "ghost"), "message", "x"));
		assertThat(unknown.path("data").path("code").asString()).isEqualTo("unknown_client");
		assertThat(carol.next().path("data").path("message").asString()).isEqualTo("x");
	}

	@Test
	@Order(4)
	void registrationsAndTheirListenersAreClusterWide() {
		List<Set<String>> seen = new CopyOnWriteArrayList<>();
		this.b.events.addListener("poll", (event, ids) -> seen.add(ids));
		TestClient onA = clientOf(this.a);
		TestClient onC = clientOf(this.c);
		onA.register("poll");
		onC.register("poll");
		await().until(() -> !seen.isEmpty() && seen.get(seen.size() - 1).equals(Set.of(onA.id(), onC.id())));
		assertThat(this.b.events.hasClientRegistration("poll")).isTrue();
		onA.closeAndWait();
		onC.closeAndWait();
		await().until(() -> !this.b.events.hasClientRegistration("poll"));
		await().until(() -> seen.get(seen.size() - 1).isEmpty());
	}

	/**
	 * A listener on another node sees a registration that was slow to be written: the
	 * server that holds the room's members holds its writes for a moment, and the notice
	 * of the change must not overtake it (on Redis Cluster the notice's channel is on
	 * another shard).
	 */
	@Test
	@Order(4)
	void aListenerOnAnotherNodeSeesARegistrationThatWasSlowToBeWritten() {
		String room = roomApartFromTheNotices("slow-");
		List<Set<String>> seen = new CopyOnWriteArrayList<>();
		this.b.events.addListener(room, (event, ids) -> seen.add(ids));
		TestClient onA = clientOf(this.a);
		this.redis.pauseWrites(membersKey(room), Duration.ofMillis(400));
		onA.register(room);
		await().until(() -> !seen.isEmpty() && seen.get(seen.size() - 1).equals(Set.of(onA.id())));
	}

	/**
	 * A listener on another node sees a leave whose write outlasted the operation
	 * timeout: the write lands after the node gave up waiting for it, and the other nodes
	 * must still be told once it has.
	 */
	@Test
	@Order(4)
	void aListenerOnAnotherNodeSeesALeaveWhoseWriteOutlastedTheTimeout() {
		String room = roomApartFromTheNotices("late-");
		List<Set<String>> seen = new CopyOnWriteArrayList<>();
		this.b.events.addListener(room, (event, ids) -> seen.add(ids));
		TestClient onA = clientOf(this.a);
		onA.register(room);
		await().until(() -> !seen.isEmpty() && seen.get(seen.size() - 1).equals(Set.of(onA.id())));
		this.redis.pauseWrites(membersKey(room), Duration.ofMillis(1500));
		onA.closeAndWait();
		await().atMost(Duration.ofSeconds(20)).until(() -> seen.get(seen.size() - 1).isEmpty());
	}

	/**
	 * Return a room whose members are on another server than the registration notices'
	 * channel, where there is more than one.
	 */
	private String roomApartFromTheNotices(String prefix) {
		return IntStream.range(0, 100)
			.mapToObj((i) -> prefix + i)
			.filter((name) -> this.redis.apart(membersKey(name), "wsem:{registrations}:ch"))
			.findFirst()
			.orElse(prefix + 0);
	}

	private static String membersKey(String room) {
		return "wsem:{room:" + room + "}:members";
	}

	@Test
	@Order(5)
	void chosenIdWantedOnTwoNodesAtOnceGoesToOne() {
		for (int round = 0; round < 5; round++) {
			String path = "/wsem?id=contested-" + round;
			CompletableFuture<TestClient> onA = TestClient.builder(this.a.port()).path(path).connectAsync();
			CompletableFuture<TestClient> onB = TestClient.builder(this.b.port()).path(path).connectAsync();
			List<TestClient> both = List.of(track(this.a, onA.join()), track(this.b, onB.join()));
			await().until(() -> both.stream().anyMatch((client) -> !client.isOpen()));
			await().during(Duration.ofMillis(300))
				.atMost(Duration.ofSeconds(2))
				.until(() -> both.stream().filter(TestClient::isOpen).count() == 1);
		}
	}

	@Test
	@Order(5)
	void chosenIdsAreUniqueAcrossTheCluster() {
		TestClient first = track(this.a, TestClient.builder(this.a.port()).path("/wsem?id=unique-1").connect());
		assertThat(first.id()).isEqualTo("unique-1");
		TestClient second = track(this.b,
				TestClient.builder(this.b.port()).path("/wsem?id=unique-1").connectAsync().join());
		assertThat(second.awaitClose().code()).isEqualTo(1008);
		first.closeAndWait();
		await().untilAsserted(() -> {
			TestClient again = track(this.c, TestClient.builder(this.c.port()).path("/wsem?id=unique-1").connect());
			assertThat(again.id()).isEqualTo("unique-1");
		});
	}

	@Test
	@Order(5)
	void anIdGivenUpOrTakenWithoutReconnectingMovesAcrossTheCluster() {
		TestClient alice = track(this.a, TestClient.builder(this.a.port()).path("/wsem?id=moving-1").connect());
		alice.register("moving");
		TestClient onB = clientOf(this.b);
		String fresh = alice.request("wsem:id", null).path("data").path("id").asString();
		assertThat(fresh).isNotEqualTo("moving-1");
		await().until(() -> isUnknown(this.b, "moving-1") && !isUnknown(this.b, fresh));
		assertThat(onB.request("wsem:send", Map.of("to", "moving-1", "message", "gone?"))
			.path("data")
			.path("code")
			.asString()).isEqualTo("unknown_client");
		onB.send("wsem:send", Map.of("to", fresh, "message", "found you"), null);
		assertThat(alice.next().path("data").path("message").asString()).isEqualTo("found you");
		await().until(() -> this.c.context.getBean(RedisBroker.class).members("moving").equals(Set.of(fresh)));
		this.b.events.emit("moving", "still a member");
		assertThat(alice.next().path("data").asString()).isEqualTo("still a member");

		TestClient onC = clientOf(this.c);
		assertThat(onC.request("wsem:id", "moving-1").path("data").path("id").asString()).isEqualTo("moving-1");
		await().until(() -> !isUnknown(this.a, "moving-1"));
		JsonNode taken = alice.request("wsem:id", "moving-1");
		assertThat(taken.path("data").path("code").asString()).isEqualTo("id_taken");
		onB.send("wsem:send", Map.of("to", "moving-1", "message", "for the new holder"), null);
		assertThat(onC.next().path("data").path("message").asString()).isEqualTo("for the new holder");
		assertNothingMore(alice);
	}

	private boolean isUnknown(Node node, String id) {
		return node.context.getBean(RedisBroker.class).unknownClients(Set.of(id)).contains(id);
	}

	@Test
	@Order(6)
	void closedNodeLeavesTheClusterView() {
		Node d = new Node(this.redis);
		try {
			TestClient onD = clientOf(d);
			onD.register("transient");
			await().until(() -> this.a.events.hasClientRegistration("transient"));
			assertThat(this.a.events.request(onD.id(), "?", Duration.ofMillis(100)).isCompletedExceptionally())
				.isFalse();
		}
		finally {
			d.context.close();
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> !this.a.events.hasClientRegistration("transient"));
	}

	@Test
	@Order(7)
	void localDeliverySurvivesRedisAndCrossNodeDeliveryComesBack() throws Exception {
		TestClient onA = clientOf(this.a);
		TestClient onB = clientOf(this.b);
		onA.register("live");
		onB.register("live");
		HealthIndicator health = this.a.context.getBean("wsemClusterHealthIndicator", HealthIndicator.class);
		assertThat(health.health().getStatus()).isEqualTo(Status.UP);
		JsonNode described = this.a.actuator("wsem");
		assertThat(described.path("node").asString()).isEqualTo(this.a.context.getBean(RedisBroker.class).nodeId());
		assertThat(described.path("cluster").path("type").asString()).isEqualTo("redis");
		assertThat(described.path("cluster").path("status").asString()).isEqualTo("UP");
		this.redis.kill();
		this.a.events.emit("live", "during the outage");
		assertThat(onA.next().path("data").asString()).isEqualTo("during the outage");
		await().atMost(Duration.ofSeconds(10)).until(() -> Status.DOWN.equals(health.health().getStatus()));
		assertThat(this.a.actuator("wsem").path("cluster").path("status").asString()).isEqualTo("DOWN");
		this.redis.restart();
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
			this.a.events.emit("live", "probe");
			assertThat(onB.pending()).anyMatch((frame) -> frame.contains("probe"));
		});
		await().atMost(Duration.ofSeconds(10)).until(() -> this.c.events.hasClientRegistration("live"));
		await().atMost(Duration.ofSeconds(10)).until(() -> Status.UP.equals(health.health().getStatus()));
	}

	private TestClient clientOf(Node node) {
		TestClients factory = new TestClients(node.port());
		this.clients.add(factory);
		return factory.connect();
	}

	private TestClient track(Node node, TestClient client) {
		TestClients factory = new TestClients(node.port());
		this.clients.add(factory);
		return factory.track(client);
	}

	private static void assertNothingMore(TestClient client) {
		await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> client.pending().isEmpty());
	}

	private static final class Node {

		final ConfigurableApplicationContext context;

		final EventManager events;

		Node(RedisEndpoint redis) {
			List<String> args = new ArrayList<>(List.of("--server.port=0", "--wsem.cluster.type=redis",
					"--wsem.allow-chosen-ids=true", "--wsem.cluster.node-timeout=3s",
					"--wsem.cluster.operation-timeout=1s", "--spring.main.banner-mode=off",
					"--management.endpoints.web.exposure.include=health,wsem"));
			args.addAll(redis.springProperties());
			this.context = new SpringApplicationBuilder(ClusterTestApplication.class).run(args.toArray(String[]::new));
			this.events = this.context.getBean(EventManager.class);
		}

		int port() {
			return Integer.parseInt(this.context.getEnvironment().getProperty("local.server.port", "0"));
		}

		JsonNode actuator(String endpoint) throws Exception {
			HttpResponse<String> response = HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port() + "/actuator/" + endpoint))
					.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).isEqualTo(200);
			return TestClient.parse(response.body());
		}

	}

}
