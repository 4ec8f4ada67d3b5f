package io.github.wsem.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.wsem.test.ClusterNode;
import io.github.wsem.test.RedisCluster;
import io.github.wsem.test.TestClient;
import io.github.wsem.test.TestClients;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;

import org.springframework.data.redis.connection.stream.MapRecord;
import org.springframework.data.domain.Range;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A Redis Cluster failover while events flow: the master that holds a busy room's
 * slot is killed, its replica takes over, and wsem goes on by itself. A client on the
 * other node than the emitter gets every event at most once and in order, and any
 * event it misses that Redis kept is signalled with {@code recovery_incomplete};
 * cross-node delivery comes back without a restart.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedisClusterFailoverIntegrationTests {

	private static final String ROOM = "busy";

	private RedisCluster redis;

	private ClusterNode a;

	private ClusterNode b;

	private final List<TestClients> clients = new ArrayList<>();

	@BeforeAll
	void startCluster() {
		this.redis = RedisCluster.shared();
		this.redis.reset();
		this.a = new ClusterNode(this.redis, "--wsem.history.size=100000");
		this.b = new ClusterNode(this.redis, "--wsem.history.size=100000");
	}

	@AfterAll
	void stopCluster() {
		this.clients.forEach(TestClients::close);
		this.a.close();
		this.b.close();
		// the killed master comes back as a replica of the new one
		this.redis.restart();
	}

	@Test
	void killingTheMasterOfABusyRoomLosesNothingSilentlyAndCrossNodeDeliveryComesBack() throws Exception {
		TestClient onA = clientOf(this.a);
		TestClient onB = clientOf(this.b);
		onA.register(ROOM);
		onB.register(ROOM);
		await().until(() -> this.b.events().hasClientRegistration(ROOM));
		AtomicInteger next = new AtomicInteger();
		AtomicBoolean emitting = new AtomicBoolean(true);
		Thread emitter = new Thread(() -> {
			while (emitting.get()) {
				this.b.events().emit(ROOM, next.getAndIncrement());
				sleep(2);
			}
		}, "failover-emitter");
		emitter.start();
		Received onAReceived = new Received();
		Received onBReceived = new Received();
		try {
			await().atMost(Duration.ofSeconds(10)).until(() -> onAReceived.drain(onA) > 200);
			int slot = RedisCluster.slot("wsem:{room:" + ROOM + "}:history");
			int master = this.redis.masterOf(slot);
			this.redis.kill(master);
			this.redis.awaitFailover(slot, master, Duration.ofSeconds(30));
			int afterFailover = next.get();
			// cross-node delivery is back: events emitted after the failover reach node a
			await().atMost(Duration.ofSeconds(30)).until(() -> {
				onAReceived.drain(onA);
				return onAReceived.last() > afterFailover + 100;
			});
		}
		finally {
			emitting.set(false);
			emitter.join();
		}
		int last = next.get() - 1;
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
			onAReceived.drain(onA);
			onBReceived.drain(onB);
			assertThat(onAReceived.events).as("on the other node, %s events up to %s", onAReceived.events.size(),
					onAReceived.last()).contains(last);
			assertThat(onBReceived.events).as("on the emitting node, %s events up to %s", onBReceived.events.size(),
					onBReceived.last()).contains(last);
		});
		onAReceived.assertNoDuplicateNoReorder();
		onBReceived.assertNoDuplicateNoReorder();
		onAReceived.assertEveryKeptEventArrivedOrWasSignalled(kept());
	}

	/**
	 * The events the room's stream holds after the failover.
	 */
	private Set<Integer> kept() {
		Set<Integer> kept = new TreeSet<>();
		List<MapRecord<String, Object, Object>> records = this.a.redis()
			.opsForStream()
			.range("wsem:{room:" + ROOM + "}:history", Range.unbounded());
		for (MapRecord<String, Object, Object> record : records) {
			Object data = record.getValue().get("d");
			if (data != null) {
				kept.add(Integer.parseInt(data.toString()));
			}
		}
		return kept;
	}

	private TestClient clientOf(ClusterNode node) {
		TestClients factory = new TestClients(node.port());
		this.clients.add(factory);
		return factory.connect();
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
	 * What one client received: the events in order, and the positions where it was
	 * told that some may be missing.
	 */
	private static final class Received {

		private final List<Integer> events = new ArrayList<>();

		/** The events that came with an id, through Redis. */
		private final List<Integer> kept = new ArrayList<>();

		/** For each {@code recovery_incomplete}, how many events had arrived before it. */
		private final List<Integer> signals = new ArrayList<>();

		int drain(TestClient client) {
			for (String text : client.pending()) {
				JsonNode frame = TestClient.parse(text);
				String event = frame.path("event").asString();
				if (event.equals(ROOM)) {
					this.events.add(frame.path("data").asInt());
					if (frame.hasNonNull("id")) {
						this.kept.add(frame.path("data").asInt());
					}
				}
				else if (event.equals("wsem:error")
						&& frame.path("data").path("code").asString().equals("recovery_incomplete")) {
					this.signals.add(this.events.size());
				}
			}
			return this.events.size();
		}

		int last() {
			return this.events.isEmpty() ? -1 : this.events.get(this.events.size() - 1);
		}

		/**
		 * Nothing twice, and the events Redis delivered in emit order; an emit Redis did
		 * not take in time reaches the emitting node's clients late, without id.
		 */
		void assertNoDuplicateNoReorder() {
			assertThat(this.events).doesNotHaveDuplicates();
			for (int i = 1; i < this.kept.size(); i++) {
				assertThat(this.kept.get(i)).as("event after %s", this.kept.get(i - 1))
					.isGreaterThan(this.kept.get(i - 1));
			}
		}

		/**
		 * Every event Redis kept between two that arrived arrived too, unless a
		 * {@code recovery_incomplete} came between them.
		 */
		void assertEveryKeptEventArrivedOrWasSignalled(Set<Integer> kept) {
			for (int i = 1; i < this.events.size(); i++) {
				int before = this.events.get(i - 1);
				int after = this.events.get(i);
				int position = i;
				boolean signalled = this.signals.stream().anyMatch((s) -> s == position);
				for (int missing = before + 1; missing < after; missing++) {
					if (kept.contains(missing)) {
						assertThat(signalled).as("event %s, kept by Redis, missing without recovery_incomplete",
								missing)
							.isTrue();
					}
				}
			}
		}

	}

}
