package io.github.wsem.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.github.wsem.core.WsemException;
import io.github.wsem.test.ClusterNode;
import io.github.wsem.test.DrillSubscriber;
import io.github.wsem.test.NodeProcess;
import io.github.wsem.test.RedisServer;
import io.github.wsem.test.TestClient;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.springframework.data.domain.Range;
import org.springframework.data.redis.connection.stream.MapRecord;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/**
 * A node's process killed ({@code kill -9}) in the middle of a drill: node A runs in the
 * test's JVM, node B in a JVM of its own ({@link NodeProcess}). About 100 numbered events
 * per second go to one room; steady subscribers on both nodes and resuming ones (they
 * drop their connection about every second and come back on a random node) read them.
 * When B dies its clients connect to A and resume with {@code since}: every subscriber
 * must get each event of the room's history at most once, in order, and all of them or
 * {@code recovery_incomplete}. B's registrations and presence must leave Redis within the
 * node timeout and one heartbeat interval.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClusterNodeKilledIntegrationTests {

	private static final Duration NODE_TIMEOUT = Duration.ofSeconds(3);

	/**
	 * The node timeout, a heartbeat interval (a third of it), and slack for a busy
	 * machine.
	 */
	private static final Duration CLEANUP_BOUND = NODE_TIMEOUT.plus(NODE_TIMEOUT.dividedBy(3)).plusSeconds(3);

	private static final Duration BEFORE = Duration.ofMillis(1500);

	private static final Duration AFTER = Duration.ofMillis(4000);

	private RedisServer redis;

	private ClusterNode a;

	private @Nullable NodeProcess b;

	private final List<AutoCloseable> closing = new ArrayList<>();

	private final AtomicInteger rooms = new AtomicInteger();

	@BeforeAll
	void startCluster() {
		this.redis = RedisServer.start();
		this.a = new ClusterNode(this.redis.port(), "--wsem.history.size=10000", "--wsem.allow-chosen-ids=true");
	}

	@AfterEach
	void closeClients() throws Exception {
		for (AutoCloseable closeable : this.closing) {
			closeable.close();
		}
		this.closing.clear();
		if (this.b != null) {
			this.b.close();
			this.b = null;
		}
	}

	@AfterAll
	void stopCluster() {
		this.a.close();
		this.redis.close();
	}

	@Test
	void receivingNodeKilled() throws Exception {
		String room = "killed" + this.rooms.incrementAndGet();
		AtomicBoolean emitting = new AtomicBoolean(true);
		AtomicInteger emitted = new AtomicInteger();
		Thread publisher = new Thread(() -> {
			while (emitting.get()) {
				this.a.events().to(room).emit("n", emitted.getAndIncrement());
				sleep(10);
			}
		}, "killed-node-publisher");
		drill(room, publisher::start, () -> {
			emitting.set(false);
			join(publisher);
		});
	}

	@Test
	void emittingNodeKilled() throws Exception {
		String room = "killed" + this.rooms.incrementAndGet();
		drill(room, () -> {
			TestClient control = TestClient.connect(node(this.b).port());
			this.closing.add(control);
			assertThat(control.request("drill-publish", room).path("data").asString()).isEqualTo("started");
		}, () -> {
		});
	}

	/**
	 * A client with an id of its choice whose node is killed connects to the other node
	 * with the same id at once, the way {@code wsem.js} comes back: the id is its own
	 * again, without waiting for the node timeout. While its node lives, the id is taken.
	 */
	@Test
	void chosenIdOfAKilledNodeIsFreeAtOnce() {
		NodeProcess b = new NodeProcess(this.redis.port(), "--wsem.allow-chosen-ids=true");
		this.b = b;
		TestClient onB = TestClient.builder(b.port()).path("/wsem?id=survivor-1").connect();
		this.closing.add(onB);
		assertThat(onB.id()).isEqualTo("survivor-1");
		TestClient taken = TestClient.builder(this.a.port()).path("/wsem?id=survivor-1").connectAsync().join();
		this.closing.add(taken);
		assertThat(taken.awaitClose().code()).as("the id of a client of a live node").isEqualTo(1008);
		b.kill();
		long killed = System.nanoTime();
		TestClient onA = TestClient.builder(this.a.port()).path("/wsem?id=survivor-1").connect();
		this.closing.add(onA);
		assertThat(onA.id()).isEqualTo("survivor-1");
		assertThat(Duration.ofNanos(System.nanoTime() - killed)).isLessThan(NODE_TIMEOUT);
	}

	/**
	 * Start node B, subscribers on both nodes and a lone client on B; start emitting,
	 * kill B, stop emitting, then check every subscriber and what Redis keeps of B.
	 */
	private void drill(String room, Runnable startEmitting, Runnable stopEmitting) {
		NodeProcess b = new NodeProcess(this.redis.port(), "--wsem.history.size=10000");
		this.b = b;
		List<Integer> nodes = new CopyOnWriteArrayList<>(List.of(this.a.port(), b.port()));
		List<DrillSubscriber> subscribers = new ArrayList<>();
		for (int port : List.of(this.a.port(), this.a.port(), b.port(), b.port(), b.port(), b.port())) {
			subscribers.add(subscriber(port, room, nodes, false));
		}
		for (int i = 0; i < 4; i++) {
			subscribers.add(subscriber(random(nodes), room, nodes, true));
		}
		String lonelyRoom = room + "-lonely";
		TestClient lonely = TestClient.connect(b.port());
		this.closing.add(lonely);
		lonely.register(lonelyRoom);
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.a.events().hasClientRegistration(room)
					&& this.a.events().hasClientRegistration(lonelyRoom));
		assertThat(presence(b.nodeId(), lonely.id(), lonelyRoom)).as("B's registrations in Redis before the kill")
			.containsExactly(true, true, true, true);

		startEmitting.run();
		poll(subscribers, BEFORE);
		b.kill();
		long killed = System.nanoTime();
		nodes.remove((Integer) b.port());
		AtomicLong gone = new AtomicLong(-1);
		Thread watcher = new Thread(() -> {
			while (this.a.events().hasClientRegistration(lonelyRoom)
					&& System.nanoTime() - killed < CLEANUP_BOUND.toNanos()) {
				sleep(50);
			}
			gone.set(System.nanoTime() - killed);
		}, "killed-node-watcher");
		watcher.start();
		Throwable lost = catchThrowable(
				() -> this.a.events().request(lonely.id(), "anyone?", Duration.ofMillis(500)).join());
		poll(subscribers, AFTER);
		stopEmitting.run();

		Set<Integer> history = history(room);
		int last = history.stream().mapToInt(Integer::intValue).max().orElseThrow();
		long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
		while (!subscribers.stream().allMatch((subscriber) -> subscriber.hasReached(last))
				&& System.nanoTime() < deadline) {
			poll(subscribers, Duration.ofMillis(200));
		}
		for (DrillSubscriber subscriber : subscribers) {
			subscriber.assertGuarantee(history);
		}
		assertThat(subscribers.stream().filter(DrillSubscriber::isIncomplete))
			.as("subscribers told recovery_incomplete although no event left the history")
			.isEmpty();

		join(watcher);
		System.out.println("B's registrations gone " + Duration.ofNanos(gone.get()).toMillis() + " ms after the kill");
		assertThat(Duration.ofNanos(gone.get())).as("time until B's registrations are gone").isLessThan(CLEANUP_BOUND);
		assertThat(presence(b.nodeId(), lonely.id(), lonelyRoom))
			.as("B's registrations in Redis after the node timeout")
			.containsExactly(false, false, false, false);
		assertThat(lost).as("a request to a client of the dead node before the node timeout")
			.hasRootCauseInstanceOf(java.util.concurrent.TimeoutException.class);
		Throwable unknown = catchThrowable(
				() -> this.a.events().request(lonely.id(), "anyone?", Duration.ofSeconds(5)).join());
		assertThat(unknown).as("a request to a client of the dead node after the node timeout")
			.hasCauseInstanceOf(WsemException.class);
		assertThat(((WsemException) unknown.getCause()).getCode()).isEqualTo("unknown_client");
	}

	/**
	 * What Redis keeps of a node and one of its clients: the node among the live nodes,
	 * its list of memberships, the client's presence, the client's membership of its
	 * room.
	 */
	private List<Boolean> presence(String node, String clientId, String room) {
		StringRedisTemplate redis = this.a.redis();
		return List.of(redis.opsForZSet().score("wsem:nodes", node) != null,
				Boolean.TRUE.equals(redis.hasKey("wsem:{node:" + node + "}:members")),
				Boolean.TRUE.equals(redis.hasKey("wsem:{client:" + clientId + "}")),
				redis.opsForSet()
					.members("wsem:{room:" + room + "}:members")
					.stream()
					.anyMatch((member) -> member.startsWith(node + "\n")));
	}

	/**
	 * Return the numbers of the events in the room's stream.
	 */
	private Set<Integer> history(String room) {
		Set<Integer> numbers = new TreeSet<>();
		for (MapRecord<String, Object, Object> entry : this.a.redis()
			.opsForStream()
			.range("wsem:{room:" + room + "}:history", Range.unbounded())) {
			Object data = entry.getValue().get("d");
			if (data != null) {
				numbers.add(Integer.parseInt(data.toString()));
			}
		}
		assertThat(numbers).as("events in the history of %s", room).isNotEmpty();
		return numbers;
	}

	private DrillSubscriber subscriber(int port, String room, List<Integer> nodes, boolean resuming) {
		DrillSubscriber subscriber = new DrillSubscriber(port, room, () -> random(nodes), resuming);
		this.closing.add(subscriber);
		return subscriber;
	}

	private static void poll(List<DrillSubscriber> subscribers, Duration duration) {
		long end = System.nanoTime() + duration.toNanos();
		do {
			subscribers.forEach(DrillSubscriber::poll);
			sleep(20);
		}
		while (System.nanoTime() < end);
	}

	private static int random(List<Integer> nodes) {
		return nodes.get(ThreadLocalRandom.current().nextInt(nodes.size()));
	}

	private static NodeProcess node(@Nullable NodeProcess process) {
		assertThat(process).isNotNull();
		return process;
	}

	private static void join(Thread thread) {
		try {
			thread.join(5000);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
