package io.github.wsem.autoconfigure;

import io.github.wsem.actuate.MicrometerWsemMetrics;
import io.github.wsem.core.ClientHub;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} of wsem's meters, when Micrometer and a {@link MeterRegistry} are
 * present.
 */
@AutoConfiguration(after = WsemAutoConfiguration.class,
		afterName = { "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration" })
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean({ MeterRegistry.class, ClientHub.class })
public final class WsemMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	MicrometerWsemMetrics wsemMetrics(ClientHub hub) {
		MicrometerWsemMetrics metrics = new MicrometerWsemMetrics(hub);
		hub.setMetrics(metrics);
		return metrics;
	}

}
