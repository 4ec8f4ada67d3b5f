package io.github.wsem.cluster;

import io.github.wsem.test.RedisCluster;
import io.github.wsem.test.RedisEndpoint;

/**
 * {@link ClusterOrderIntegrationTests} on a Redis Cluster of three masters and three
 * replicas, shared with the other test classes that need one.
 */
class RedisClusterOrderIntegrationTests extends ClusterOrderIntegrationTests {

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
