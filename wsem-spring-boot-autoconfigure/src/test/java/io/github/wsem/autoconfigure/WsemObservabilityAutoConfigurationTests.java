package io.github.wsem.autoconfigure;

import io.github.wsem.actuate.MicrometerWsemMetrics;
import io.github.wsem.actuate.WsemEndpoint;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link WsemMetricsAutoConfiguration} and
 * {@link WsemEndpointAutoConfiguration}.
 */
class WsemObservabilityAutoConfigurationTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(WsemAutoConfiguration.class, WsemMetricsAutoConfiguration.class,
				WsemEndpointAutoConfiguration.class));

	private final WebApplicationContextRunner withBootMetrics = this.contextRunner
		.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
				SimpleMetricsExportAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class));

	@Test
	void registersTheMetersInBootsMeterRegistry() {
		this.withBootMetrics.run((context) -> {
			assertThat(context).hasSingleBean(MicrometerWsemMetrics.class);
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(registry.find("wsem.connections").gauges()).hasSize(2);
			assertThat(registry.find("wsem.connections").tag("transport", "websocket").gauge()).isNotNull();
			assertThat(registry.find("wsem.connections").tag("transport", "sse").gauge()).isNotNull();
			assertThat(registry.find("wsem.rooms").gauge()).isNotNull();
			assertThat(registry.find("wsem.messages.in").functionCounter()).isNotNull();
			assertThat(registry.find("wsem.messages.out").functionCounter()).isNotNull();
			assertThat(registry.find("wsem.acks").functionCounter()).isNotNull();
			assertThat(registry.find("wsem.errors").tag("code", "bad_frame").functionCounter()).isNotNull();
			assertThat(registry.find("wsem.clients.overflowed").functionCounters()).hasSize(2);
			assertThat(registry.find("wsem.messages.dropped").functionCounter()).isNotNull();
			assertThat(registry.find("wsem.emit.fanout").timer()).isNotNull();
		});
	}

	@Test
	void usesAMeterRegistryTheApplicationDeclares() {
		this.contextRunner.withBean(SimpleMeterRegistry.class)
			.run((context) -> assertThat(context).hasSingleBean(MicrometerWsemMetrics.class));
	}

	@Test
	void backsOffWithoutAMeterRegistry() {
		this.contextRunner.run((context) -> assertThat(context).doesNotHaveBean(MicrometerWsemMetrics.class));
	}

	@Test
	void backsOffWithoutMicrometer() {
		this.contextRunner.withClassLoader(new FilteredClassLoader("io.micrometer"))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(MicrometerWsemMetrics.class));
	}

	@Test
	void createsTheEndpointWhenItIsExposed() {
		this.contextRunner.withConfiguration(AutoConfigurations.of(EndpointAutoConfiguration.class))
			.withPropertyValues("management.endpoints.web.exposure.include=wsem")
			.run((context) -> {
				assertThat(context).hasSingleBean(WsemEndpoint.class);
				WsemEndpoint.WsemDescriptor descriptor = context.getBean(WsemEndpoint.class).wsem();
				assertThat(descriptor.node()).isEqualTo("local");
				assertThat(descriptor.cluster()).isEqualTo(new WsemEndpoint.ClusterDescriptor("none", "UP"));
				assertThat(descriptor.clients().total()).isZero();
				assertThat(descriptor.rooms().total()).isZero();
			});
	}

	@Test
	void backsOffWhenTheEndpointIsNotExposed() {
		this.contextRunner.withConfiguration(AutoConfigurations.of(EndpointAutoConfiguration.class))
			.run((context) -> assertThat(context).doesNotHaveBean(WsemEndpoint.class));
	}

	@Test
	void backsOffWithoutActuator() {
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=wsem")
			.withClassLoader(new FilteredClassLoader(Endpoint.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(WsemEndpoint.class));
	}

}
