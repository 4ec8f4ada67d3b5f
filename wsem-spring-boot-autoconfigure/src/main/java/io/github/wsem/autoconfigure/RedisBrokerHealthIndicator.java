package io.github.wsem.autoconfigure;

import io.github.wsem.broker.redis.RedisBroker;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Health of the cluster backplane: DOWN while Redis cannot be reached, when only local
 * delivery works.
 */
final class RedisBrokerHealthIndicator extends AbstractHealthIndicator {

	private final RedisBroker broker;

	RedisBrokerHealthIndicator(RedisBroker broker) {
		super("wsem cluster health check failed");
		this.broker = broker;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		(this.broker.isHealthy() ? builder.up() : builder.down()).withDetail("node", this.broker.nodeId())
			.withDetail("failures", this.broker.failureCount());
	}

}
