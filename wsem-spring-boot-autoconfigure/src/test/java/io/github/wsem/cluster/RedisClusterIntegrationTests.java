package io.github.wsem.cluster;

import io.github.wsem.test.RedisCluster;
import io.github.wsem.test.RedisEndpoint;

/**
 * {@link ClusterIntegrationTests} on a Redis Cluster of three masters and three replicas,
 * shared with the other test classes that need one.
 */
class RedisClusterIntegrationTests extends ClusterIntegrationTests {

	@Override
	RedisEndpoint startRedis() {
		RedisCluster cluster = RedisCluster.shared();
		cluster.reset();
		return cluster;
	}

	@Override
	void stopRedis(RedisEndpoint redis) {
	}

	@Override
	boolean keepsOrderOfRoomAndSeveralRoomEmits() {
		return false;
	}

}
