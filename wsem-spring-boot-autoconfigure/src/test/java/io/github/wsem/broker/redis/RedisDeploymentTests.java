package io.github.wsem.broker.redis;

import java.util.Properties;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * The Redis version wsem accepts, read from INFO replies of one server and of a cluster
 * connection (one entry per node).
 */
class RedisDeploymentTests {

	@Test
	void redisClusterNeedsSevenForShardedPubSub() {
		Properties info = new Properties();
		info.setProperty("127.0.0.1:7001.redis_version", "7.0.15");
		info.setProperty("127.0.0.1:7002.redis_version", "6.2.14");
		info.setProperty("127.0.0.1:7002.redis_mode", "cluster");
		assertThat(RedisDeployment.oldestVersion(info)).isEqualTo("6.2.14");
		assertThatIllegalStateException().isThrownBy(() -> new RedisDeployment(true).check(info))
			.withMessage("wsem needs Redis 7.0 or later on Redis Cluster, for sharded pub/sub (SPUBLISH, "
					+ "SSUBSCRIBE), but a server runs Redis 6.2.14");
		info.setProperty("127.0.0.1:7002.redis_version", "7.2.4");
		assertThatNoException().isThrownBy(() -> new RedisDeployment(true).check(info));
	}

	@Test
	void oneRedisNeedsSixPointTwo() {
		Properties info = new Properties();
		info.setProperty("redis_version", "6.0.16");
		assertThatIllegalStateException().isThrownBy(() -> new RedisDeployment(false).check(info))
			.withMessage("wsem needs Redis 6.2 or later, but a server runs Redis 6.0.16");
		info.setProperty("redis_version", "6.2.0");
		assertThatNoException().isThrownBy(() -> new RedisDeployment(false).check(info));
		info.setProperty("redis_version", "10.0.1");
		assertThatNoException().isThrownBy(() -> new RedisDeployment(false).check(info));
	}

}
