package io.github.wsem.cluster;

import java.time.Duration;
import java.util.ArrayList;
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
 * A node's registrations in Redis after a 3 s partition, shorter than the node timeout
 * (so that no other node takes it for dead and removes them): the other nodes know the
 * registrations made and given up meanwhile, with Lettuce's command timeout below the
 * partition and above it. Either way the writes timed out (the operation timeout) and the
 * node writes its registrations again once the link is back.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClusterPresenceIntegrationTests {

	private RedisServer redis;

	private FaultProxy toDropping;

	private FaultProxy toHolding;

	private ClusterNode dropping;

	private ClusterNode holding;

	private ClusterNode observer;

	private final List<AutoCloseable> resources = new ArrayList<>();

	@BeforeAll
	void startCluster() {
		this.redis = RedisServer.start();
		this.toDropping = new FaultProxy(this.redis.port());
		this.toHolding = new FaultProxy(this.redis.port());
		this.dropping = node(this.toDropping.port(), "1s");
		this.holding = node(this.toHolding.port(), "10s");
		this.observer = node(this.redis.port(), "1s");
		this.resources
			.addAll(List.of(this.dropping, this.holding, this.observer, this.toDropping, this.toHolding, this.redis));
	}

	private static ClusterNode node(int redisPort, String lettuceTimeout) {
		return new ClusterNode(redisPort, "--spring.data.redis.timeout=" + lettuceTimeout,
				"--wsem.cluster.node-timeout=9s");
	}

	@AfterAll
	void stopCluster() throws Exception {
		for (AutoCloseable resource : this.resources) {
			resource.close();
		}
	}

	@Test
	void writesThatLettuceGaveUpInAPartitionAreWrittenAgain() {
		registrationsChangedWhileCutOffReachTheObserver(this.dropping, this.toDropping, "dropped");
	}

	@Test
	void writesThatLettuceHeldThroughAPartitionReachTheOthers() {
		registrationsChangedWhileCutOffReachTheObserver(this.holding, this.toHolding, "held");
	}

	private void registrationsChangedWhileCutOffReachTheObserver(ClusterNode node, FaultProxy proxy, String name) {
		String joined = "joined-" + name;
		String left = "left-" + name;
		TestClients clients = new TestClients(node.port());
		this.resources.add(0, clients);
		TestClient leaving = clients.connect();
		leaving.register(left);
		await().atMost(Duration.ofSeconds(10)).until(() -> this.observer.events().hasClientRegistration(left));
		List<Set<String>> seen = new CopyOnWriteArrayList<>();
		this.observer.events().addListener(joined, (event, ids) -> seen.add(ids));
		proxy.refuse(Duration.ofSeconds(3));
		TestClient joining = clients.connect();
		joining.register(joined);
		leaving.closeAndWait();
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
			assertThat(this.observer.events().hasClientRegistration(joined)).as("joined while cut off").isTrue();
			assertThat(this.observer.events().hasClientRegistration(left)).as("left while cut off").isFalse();
			assertThat(seen).as("the observer's listener").isNotEmpty().last().isEqualTo(Set.of(joining.id()));
		});
	}

}
