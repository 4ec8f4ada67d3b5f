package io.github.wsem.cluster;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.wsem.test.ClusterNode;
import io.github.wsem.test.FaultProxy;
import io.github.wsem.test.RedisServer;
import io.github.wsem.test.TestClient;
import io.github.wsem.test.TestClients;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A node's registrations in Redis after a partition longer than Lettuce's command timeout
 * (so that Lettuce gave up the writes it held) and shorter than the node timeout (so that
 * no other node took it for dead and removed them): node X writes them again.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClusterPresenceIntegrationTests {

	private RedisServer redis;

	private FaultProxy toX;

	private ClusterNode x;

	private ClusterNode y;

	private TestClients clients;

	@BeforeAll
	void startCluster() {
		this.redis = RedisServer.start();
		this.toX = new FaultProxy(this.redis.port());
		this.x = new ClusterNode(this.toX.port(), "--spring.data.redis.timeout=1s", "--wsem.cluster.node-timeout=9s");
		this.y = new ClusterNode(this.redis.port(), "--spring.data.redis.timeout=1s", "--wsem.cluster.node-timeout=9s");
		this.clients = new TestClients(this.x.port());
	}

	@AfterAll
	void stopCluster() {
		this.clients.close();
		this.x.close();
		this.y.close();
		this.toX.close();
		this.redis.close();
	}

	@Test
	void registrationsChangedWhileANodeWasCutOffReachTheOthersOnceItIsBack() {
		TestClient leaving = this.clients.connect();
		leaving.register("left");
		await().atMost(Duration.ofSeconds(10)).until(() -> this.y.events().hasClientRegistration("left"));
		List<Set<String>> seen = new CopyOnWriteArrayList<>();
		this.y.events().addListener("joined", (event, ids) -> seen.add(ids));
		this.toX.refuse(Duration.ofSeconds(3));
		TestClient joining = this.clients.connect();
		joining.register("joined");
		leaving.closeAndWait();
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
			assertThat(this.y.events().hasClientRegistration("joined")).as("joined while cut off").isTrue();
			assertThat(this.y.events().hasClientRegistration("left")).as("left while cut off").isFalse();
			assertThat(seen).as("node Y's listener").isNotEmpty().last().isEqualTo(Set.of(joining.id()));
		});
	}

}
