package io.github.wsem.autoconfigure;

/**
 * Thrown at startup when {@code wsem.cluster.type} asks for a cluster broker that cannot
 * be made, rather than running on one node with the in-memory broker.
 */
final class ClusterBrokerMissingException extends IllegalStateException {

	private final boolean springDataRedisPresent;

	ClusterBrokerMissingException(boolean springDataRedisPresent) {
		super("wsem.cluster.type=redis, but no Redis broker was configured"
				+ (springDataRedisPresent ? "" : ": Spring Data Redis is not on the classpath"));
		this.springDataRedisPresent = springDataRedisPresent;
	}

	boolean isSpringDataRedisPresent() {
		return this.springDataRedisPresent;
	}

}
