package io.github.wsem.sse;

import io.github.wsem.test.RedisCluster;
import io.github.wsem.test.RedisEndpoint;

/**
 * {@link SseClusterHistoryIntegrationTests} on a Redis Cluster of three masters and three
 * replicas, shared with the other test classes that need one.
 */
class SseRedisClusterHistoryIntegrationTests extends SseClusterHistoryIntegrationTests {

	@Override
	RedisEndpoint startRedis() {
		RedisCluster cluster = RedisCluster.shared();
		cluster.reset();
		return cluster;
	}

	@Override
	void stopRedis(RedisEndpoint redis) {
	}

}
