package io.github.wsem.autoconfigure;

import io.github.wsem.broker.redis.RedisBroker;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} of the cluster backplane's health indicator and metrics, when
 * Actuator's health support or Micrometer is present.
 */
@AutoConfiguration(after = WsemRedisAutoConfiguration.class)
@ConditionalOnBean(RedisBroker.class)
public final class WsemClusterObservabilityAutoConfiguration {

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(HealthIndicator.class)
	static class HealthConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "wsemClusterHealthIndicator")
		HealthIndicator wsemClusterHealthIndicator(RedisBroker broker) {
			return new RedisBrokerHealthIndicator(broker);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterBinder.class)
	static class MetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "wsemClusterMetrics")
		MeterBinder wsemClusterMetrics(RedisBroker broker) {
			return (registry) -> FunctionCounter.builder("wsem.cluster.failures", broker, RedisBroker::failureCount)
				.description("Exchanges with the cluster backplane that failed")
				.register(registry);
		}

	}

}
