package io.github.wsem.cluster;

import java.util.List;
import java.util.stream.IntStream;

import io.github.wsem.test.RedisCluster;
import io.github.wsem.test.RedisEndpoint;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ClusterHistoryIntegrationTests} on a Redis Cluster of three masters and three
 * replicas, shared with the other test classes that need one.
 */
class RedisClusterHistoryIntegrationTests extends ClusterHistoryIntegrationTests {

	@Override
	RedisEndpoint startRedis() {
		RedisCluster cluster = RedisCluster.shared();
		cluster.reset();
		return cluster;
	}

	@Override
	void stopRedis(RedisEndpoint redis) {
	}

	/**
	 * On Redis Cluster an emit to several rooms travels on the cluster-wide channel, in
	 * another shard than the room's own emits: each kind keeps its order, and every emit
	 * arrives once.
	 */
	@Override
	void assertMixedOrder(List<Integer> received) {
		assertThat(received).containsExactlyInAnyOrderElementsOf(IntStream.range(0, 200).boxed().toList());
		assertThat(received.stream().filter((n) -> n % 3 == 0).toList()).isSorted();
		assertThat(received.stream().filter((n) -> n % 3 != 0).toList()).isSorted();
	}

}
