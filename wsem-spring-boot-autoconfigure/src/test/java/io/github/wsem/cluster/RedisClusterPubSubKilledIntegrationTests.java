package io.github.wsem.cluster;

import java.util.ArrayList;
import java.util.List;

import io.github.wsem.test.ClusterNode;
import io.github.wsem.test.RedisCluster;
import io.github.wsem.test.TestClient;
import io.github.wsem.test.TestClients;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pub/sub connections of a Redis Cluster master killed while a node subscribes on it
 * to rooms of several slots: Lettuce subscribes them again in one {@code SSUBSCRIBE},
 * which Redis refuses ({@code CROSSSLOT}); the node still gets the rooms' events.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedisClusterPubSubKilledIntegrationTests {

	private RedisCluster redis;

	private ClusterNode a;

	private ClusterNode b;

	private final List<TestClients> clients = new ArrayList<>();

	@BeforeAll
	void startCluster() {
		this.redis = RedisCluster.shared();
		this.redis.reset();
		this.a = new ClusterNode(this.redis, "--wsem.history.size=1000");
		this.b = new ClusterNode(this.redis, "--wsem.history.size=1000");
	}

	@AfterAll
	void stopCluster() {
		this.clients.forEach(TestClients::close);
		this.a.close();
		this.b.close();
	}

	@Test
	void roomsOfSeveralSlotsOnOneMasterComeBackAfterItsPubSubConnectionsAreKilled() throws Exception {
		String first = "k0";
		int slot = RedisCluster.slot("room:" + first);
		int master = this.redis.masterOf(slot);
		String second = null;
		for (int i = 1; second == null; i++) {
			int other = RedisCluster.slot("room:k" + i);
			if (other != slot && this.redis.masterOf(other) == master) {
				second = "k" + i;
			}
		}
		TestClients factory = new TestClients(this.b.port());
		this.clients.add(factory);
		TestClient onB = factory.connect();
		onB.register(first, second);
		this.a.events().emit(first, "before");
		assertThat(onB.next().path("data").asString()).isEqualTo("before");
		new ProcessBuilder("redis-cli", "-p", String.valueOf(master), "CLIENT", "KILL", "TYPE", "pubsub")
			.redirectErrorStream(true)
			.start()
			.waitFor();
		Thread.sleep(1000);
		this.a.events().emit(first, "after");
		this.a.events().emit(second, "after");
		for (int i = 0; i < 2; i++) {
			JsonNode frame = onB.next();
			assertThat(frame.path("event").asString()).as("%s", frame).isIn(first, second);
			assertThat(frame.path("data").asString()).isEqualTo("after");
		}
	}

}
