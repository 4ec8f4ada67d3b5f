package io.github.wsem.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import java.util.stream.IntStream;

import io.github.wsem.test.ClusterNode;
import io.github.wsem.test.DrillSubscriber;
import io.github.wsem.test.FaultProxy;
import io.github.wsem.test.RedisServer;
import io.github.wsem.test.TestClient;
import io.github.wsem.test.TestClients;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The cluster's guarantee under the faults of a real Redis link: node A and node B reach
 * Redis through a {@link FaultProxy} each; a publisher on A emits about 100 numbered
 * events per second to one room while subscribers on both nodes read them; one fault
 * strikes in the middle. Beside four steady subscribers, four resuming ones drop their
 * connection about every second and come back with {@code since} on a random node. Every
 * subscriber must get each event at most once, in emit order, and either every event or
 * {@code recovery_incomplete}, across all its connections.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClusterFaultIntegrationTests {

	private static final Duration BEFORE = Duration.ofMillis(1500);

	private static final Duration AFTER = Duration.ofMillis(5000);

	private RedisServer redis;

	private FaultProxy toA;

	private FaultProxy toB;

	private ClusterNode a;

	private ClusterNode b;

	private final List<TestClients> clients = new ArrayList<>();

	private final List<DrillSubscriber> resumers = new ArrayList<>();

	private final AtomicInteger rooms = new AtomicInteger();

	@BeforeAll
	void startCluster() {
		this.redis = RedisServer.start();
		this.toA = new FaultProxy(this.redis.port());
		this.toB = new FaultProxy(this.redis.port());
		this.a = node(this.toA);
		this.b = node(this.toB);
	}

	private static ClusterNode node(FaultProxy proxy) {
		return new ClusterNode(proxy.port(), "--spring.data.redis.timeout=10s");
	}

	@AfterEach
	void closeClients() {
		this.clients.forEach(TestClients::close);
		this.clients.clear();
		this.resumers.forEach(DrillSubscriber::close);
		this.resumers.clear();
	}

	@AfterAll
	void stopCluster() {
		this.a.close();
		this.b.close();
		this.toA.close();
		this.toB.close();
		this.redis.close();
	}

	@Test
	void resetOfTheLinksOfTheReceivingNode() throws Exception {
		drill(this.toB::reset);
	}

	@Test
	void repliesHeldPastTheOperationTimeoutOnTheEmittingNode() throws Exception {
		drill(() -> this.toA.hold(Duration.ofMillis(3000)));
	}

	@Test
	void receivingNodeCutOffForFourSeconds() throws Exception {
		drill(() -> this.toB.refuse(Duration.ofSeconds(4)));
	}

	@Test
	void pubSubConnectionsKilledOnRedis() throws Exception {
		drill(() -> redisCli("CLIENT", "KILL", "TYPE", "pubsub"));
	}

	@Test
	void redisRestartedWithoutPersistence() throws Exception {
		drill(() -> {
			this.redis.kill();
			this.redis.restart();
		});
	}

	/**
	 * Run the drill with one fault halfway.
	 */
	private void drill(Runnable fault) throws Exception {
		String room = "drill" + this.rooms.incrementAndGet();
		List<Subscriber> subscribers = new ArrayList<>();
		for (ClusterNode node : List.of(this.a, this.a, this.b, this.b)) {
			subscribers.add(new Subscriber(connect(node), room));
		}
		List<DrillSubscriber> resuming = resuming(room);
		await().atMost(Duration.ofSeconds(10)).until(() -> this.a.events().hasClientRegistration(room));
		AtomicBoolean emitting = new AtomicBoolean(true);
		AtomicInteger emitted = new AtomicInteger();
		Thread publisher = new Thread(() -> {
			while (emitting.get()) {
				this.a.events().to(room).emit("n", emitted.getAndIncrement());
				sleep(10);
			}
		}, "fault-drill-publisher");
		publisher.start();
		poll(resuming, BEFORE);
		fault.run();
		poll(resuming, AFTER);
		emitting.set(false);
		publisher.join(5000);
		int total = emitted.get();
		long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
		do {
			poll(resuming, Duration.ofMillis(200));
			subscribers.forEach(Subscriber::read);
		}
		while (!(subscribers.stream().allMatch((subscriber) -> subscriber.isDone(total))
				&& resuming.stream().allMatch((subscriber) -> subscriber.hasReached(total - 1)))
				&& System.nanoTime() < deadline);
		for (Subscriber subscriber : subscribers) {
			subscriber.assertGuarantee(total);
		}
		List<Integer> all = IntStream.range(0, total).boxed().toList();
		resuming.forEach((subscriber) -> subscriber.assertGuarantee(all));
	}

	/**
	 * Four subscribers that drop their connection about every second and resume with
	 * {@code since} on a random node, the way {@code wsem.js} comes back.
	 */
	private List<DrillSubscriber> resuming(String room) {
		List<Integer> nodes = List.of(this.a.port(), this.b.port());
		IntSupplier random = () -> nodes.get(ThreadLocalRandom.current().nextInt(nodes.size()));
		for (int i = 0; i < 4; i++) {
			this.resumers.add(new DrillSubscriber(random.getAsInt(), room, random, true));
		}
		return List.copyOf(this.resumers);
	}

	private static void poll(List<DrillSubscriber> subscribers, Duration duration) {
		long end = System.nanoTime() + duration.toNanos();
		do {
			subscribers.forEach(DrillSubscriber::poll);
			sleep(20);
		}
		while (System.nanoTime() < end);
	}

	private void redisCli(String... command) {
		List<String> line = new ArrayList<>(List.of("redis-cli", "-p", String.valueOf(this.redis.port())));
		line.addAll(List.of(command));
		try {
			new ProcessBuilder(line).redirectErrorStream(true).start().waitFor();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private TestClient connect(ClusterNode node) {
		TestClients clients = new TestClients(node.port());
		this.clients.add(clients);
		return clients.connect();
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * A client registered for the drill's room, and what it read.
	 */
	private static final class Subscriber {

		private final TestClient client;

		private final String room;

		private final List<Integer> received = new ArrayList<>();

		private boolean incomplete;

		Subscriber(TestClient client, String room) {
			this.client = client;
			this.room = room;
			client.register(room);
		}

		void read() {
			for (String text : this.client.pending()) {
				JsonNode frame = TestClient.parse(text);
				String event = frame.path("event").asString();
				if (event.equals("n")) {
					this.received.add(frame.path("data").asInt());
				}
				else if (event.equals("wsem:error")
						&& frame.path("data").path("code").asString().equals("recovery_incomplete")) {
					this.incomplete = true;
				}
			}
		}

		boolean isDone(int total) {
			return this.received.size() >= total
					|| (!this.received.isEmpty() && this.received.get(this.received.size() - 1) == total - 1);
		}

		void assertGuarantee(int total) {
			assertThat(this.received).as("events of %s, without duplicate or reorder", this.room)
				.isSortedAccordingTo(Integer::compare)
				.doesNotHaveDuplicates();
			if (!this.incomplete) {
				List<Integer> missing = new ArrayList<>();
				for (int n = 0; n < total; n++) {
					if (!this.received.contains(n)) {
						missing.add(n);
					}
				}
				assertThat(missing)
					.as("events missing without recovery_incomplete (%d received of %d)", this.received.size(), total)
					.isEmpty();
			}
			else {
				System.out.println(this.room + ": recovery_incomplete, " + this.received.size() + " of " + total);
			}
		}

	}

}
