package io.github.wsem.broker.redis;

import java.util.Properties;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.connection.RedisClusterConnection;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.util.ClassUtils;

/**
 * What the connection factory Spring Boot made from {@code spring.data.redis.*} points
 * at: one Redis (standalone or through Sentinel) or a Redis Cluster, and whether its
 * version is one wsem runs on: 6.2 or later, and on Redis Cluster 7.0 or later for
 * sharded pub/sub.
 */
record RedisDeployment(boolean cluster) {

	private static final Log logger = LogFactory.getLog(RedisBroker.class);

	private static final boolean LETTUCE = ClassUtils.isPresent("io.lettuce.core.RedisClient",
			RedisDeployment.class.getClassLoader());

	private static final int[] MINIMUM = { 6, 2 };

	private static final int[] CLUSTER_MINIMUM = { 7, 0 };

	/**
	 * Tell what the factory connects to, from its configuration when it is Lettuce's,
	 * otherwise from a connection.
	 */
	static RedisDeployment of(RedisConnectionFactory connectionFactory) {
		if (LETTUCE && connectionFactory instanceof LettuceConnectionFactory lettuce) {
			return new RedisDeployment(lettuce.isClusterAware());
		}
		try (RedisConnection connection = connectionFactory.getConnection()) {
			if (connection instanceof RedisClusterConnection) {
				throw new IllegalStateException("wsem on Redis Cluster needs Lettuce (sharded pub/sub), but the "
						+ "connection factory is a " + connectionFactory.getClass().getName());
			}
		}
		return new RedisDeployment(false);
	}

	/**
	 * Fail if a Redis that answers is too old; log and go on if none answers, so that a
	 * node starts while Redis is away.
	 * @throws IllegalStateException if a server is older than wsem needs
	 */
	void requireSupportedVersion(RedisConnectionFactory connectionFactory) {
		Properties info;
		try (RedisConnection connection = this.cluster ? connectionFactory.getClusterConnection()
				: connectionFactory.getConnection()) {
			info = connection.serverCommands().info("server");
		}
		catch (RuntimeException ex) {
			logger.warn("Could not read the Redis version at startup: " + ex.getMessage());
			return;
		}
		check(info);
	}

	/**
	 * Fail if an INFO reply names a version older than wsem needs.
	 */
	void check(Properties info) {
		int[] minimum = this.cluster ? CLUSTER_MINIMUM : MINIMUM;
		String oldest = oldestVersion(info);
		if (oldest != null && compare(parse(oldest), minimum) < 0) {
			throw new IllegalStateException("wsem needs Redis " + minimum[0] + "." + minimum[1] + " or later"
					+ (this.cluster ? " on Redis Cluster, for sharded pub/sub (SPUBLISH, SSUBSCRIBE)" : "")
					+ ", but a server runs Redis " + oldest);
		}
	}

	/**
	 * The oldest {@code redis_version} in an INFO reply; a cluster connection's reply has
	 * one per node, each key prefixed with the node's address.
	 */
	static @Nullable String oldestVersion(Properties info) {
		String oldest = null;
		for (String name : info.stringPropertyNames()) {
			if (name.equals("redis_version") || name.endsWith(".redis_version")) {
				String version = info.getProperty(name);
				if (oldest == null || compare(parse(version), parse(oldest)) < 0) {
					oldest = version;
				}
			}
		}
		return oldest;
	}

	private static int[] parse(String version) {
		String[] parts = version.trim().split("\\.");
		int[] numbers = new int[2];
		for (int i = 0; i < numbers.length && i < parts.length; i++) {
			try {
				numbers[i] = Integer.parseInt(parts[i]);
			}
			catch (NumberFormatException ex) {
				numbers[i] = 0;
			}
		}
		return numbers;
	}

	private static int compare(int[] version, int[] other) {
		return (version[0] != other[0]) ? Integer.compare(version[0], other[0]) : Integer.compare(version[1], other[1]);
	}

}
