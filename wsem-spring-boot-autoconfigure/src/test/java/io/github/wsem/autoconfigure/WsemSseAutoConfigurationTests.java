package io.github.wsem.autoconfigure;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.github.wsem.core.ClientHub;
import io.github.wsem.core.ClientIdResolver;
import io.github.wsem.core.JsonCodec;
import io.github.wsem.sse.SseEndpoint;
import io.github.wsem.sse.SseRegistry;
import io.github.wsem.sse.SseSettings;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.TaskExecutor;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.servlet.config.annotation.CorsRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link WsemSseAutoConfiguration}.
 */
class WsemSseAutoConfigurationTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(WsemAutoConfiguration.class, WsemSseAutoConfiguration.class));

	@Test
	void createsTheRegistryAndTheEndpointByDefault() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(SseRegistry.class);
			assertThat(context).hasSingleBean(SseEndpoint.class);
		});
	}

	@Test
	void mapsTheEndpointBelowTheConfiguredPath() {
		this.contextRunner.withConfiguration(AutoConfigurations.of(WebMvcAutoConfiguration.class))
			.withPropertyValues("wsem.endpoint=/chat")
			.run((context) -> assertThat(ssePatterns(context.getBean(RequestMappingHandlerMapping.class)))
				.contains("/chat/sse", "/chat/emit")
				.noneMatch((pattern) -> pattern.startsWith("/wsem")));
	}

	@Test
	void allowsTheConfiguredOriginsOnTheStreamAndEmitPaths() {
		this.contextRunner.withPropertyValues("wsem.allowed-origins=https://app.example").run((context) -> {
			Map<String, CorsConfiguration> cors = corsMappings(context.getBean(WebMvcConfigurer.class));
			assertThat(cors).containsOnlyKeys("/wsem/sse", "/wsem/emit");
			assertThat(cors.get("/wsem/emit").getAllowedOriginPatterns()).containsExactly("https://app.example");
			assertThat(cors.get("/wsem/emit").getAllowedHeaders()).contains(SseEndpoint.CLIENT_HEADER,
					SseEndpoint.TOKEN_HEADER, SseEndpoint.ACK_HEADER, "Last-Event-ID");
			assertThat(cors.get("/wsem/sse").getAllowCredentials()).isTrue();
		});
	}

	@Test
	void addsNoCorsMappingWithoutAllowedOrigins() {
		this.contextRunner
			.run((context) -> assertThat(corsMappings(context.getBean(WebMvcConfigurer.class))).isEmpty());
	}

	@Test
	void usesTheApplicationsRegistry() {
		this.contextRunner.withUserConfiguration(OwnRegistryConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(SseRegistry.class);
			assertThat(context.getBean(SseRegistry.class)).isSameAs(context.getBean("ownRegistry"));
		});
	}

	@Test
	void createsNoSseBeanWhenSseIsDisabled() {
		this.contextRunner.withPropertyValues("wsem.sse.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(SseRegistry.class)
				.doesNotHaveBean(SseEndpoint.class));
	}

	@Test
	void createsNoSseBeanWhenWsemIsDisabled() {
		this.contextRunner.withPropertyValues("wsem.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(SseRegistry.class)
				.doesNotHaveBean(SseEndpoint.class));
	}

	@Test
	void createsNoSseBeanWithoutTheClientHub() {
		new WebApplicationContextRunner().withConfiguration(AutoConfigurations.of(WsemSseAutoConfiguration.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(SseRegistry.class));
	}

	@Test
	void createsNoSseBeanWithoutSpringMvc() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(SseEmitter.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(SseEndpoint.class));
	}

	private static Set<String> ssePatterns(RequestMappingHandlerMapping mapping) {
		return mapping.getHandlerMethods()
			.entrySet()
			.stream()
			.filter((entry) -> entry.getValue().getBeanType() == SseEndpoint.class)
			.map(Map.Entry::getKey)
			.map(RequestMappingInfo::getPatternValues)
			.flatMap(Set::stream)
			.collect(Collectors.toSet());
	}

	private static Map<String, CorsConfiguration> corsMappings(WebMvcConfigurer configurer) {
		InspectableCorsRegistry registry = new InspectableCorsRegistry();
		configurer.addCorsMappings(registry);
		return registry.getCorsConfigurations();
	}

	private static final class InspectableCorsRegistry extends CorsRegistry {

		@Override
		protected Map<String, CorsConfiguration> getCorsConfigurations() {
			return super.getCorsConfigurations();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OwnRegistryConfiguration {

		@Bean
		SseRegistry ownRegistry(ClientHub hub, ClientIdResolver idResolver, JsonCodec codec,
				@Qualifier("wsemSseWriterExecutor") TaskExecutor writer,
				@Qualifier("wsemTaskScheduler") TaskScheduler scheduler) {
			return new SseRegistry(hub, idResolver, codec, new SseSettings(Duration.ofSeconds(15),
					Duration.ofSeconds(1), Duration.ofMinutes(1), 1 << 20, Duration.ofSeconds(10), 1 << 16, 100),
					writer, scheduler);
		}

	}

}
