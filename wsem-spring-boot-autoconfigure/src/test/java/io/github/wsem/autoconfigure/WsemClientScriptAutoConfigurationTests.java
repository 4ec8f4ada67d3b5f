package io.github.wsem.autoconfigure;

import java.util.List;

import io.github.wsem.web.ClientScriptRoutes;
import io.github.wsem.web.ClientScriptSettings;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableWebApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.ResolvableType;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link WsemClientScriptAutoConfiguration}.
 */
class WsemClientScriptAutoConfigurationTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(WsemClientScriptAutoConfiguration.class));

	@Test
	void servesTheScriptTheModuleAndTheDeclarationsAtTheDefaultUrl() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(ClientScriptRoutes.class);
			assertThat(routes(context, "/wsem.js")).isTrue();
			assertThat(routes(context, "/wsem.mjs")).isTrue();
			assertThat(routes(context, "/wsem.d.ts")).isTrue();
		});
	}

	@Test
	void servesTheScriptAtTheConfiguredUrl() {
		this.contextRunner.withPropertyValues("wsem.client-script-url=/js/events.js").run((context) -> {
			assertThat(routes(context, "/js/events.js")).isTrue();
			assertThat(routes(context, "/js/events.mjs")).isTrue();
			assertThat(routes(context, "/wsem.js")).isFalse();
		});
	}

	@Test
	void usesTheApplicationsRoutes() {
		this.contextRunner.withUserConfiguration(OwnRoutesConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(ClientScriptRoutes.class);
			assertThat(routes(context, "/own.js")).isTrue();
			assertThat(routes(context, "/wsem.js")).isFalse();
		});
	}

	@Test
	void createsNoRouteWhenWsemIsDisabled() {
		this.contextRunner.withPropertyValues("wsem.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(ClientScriptRoutes.class)
				.doesNotHaveBean(RouterFunction.class));
	}

	@Test
	void createsNoRouteInANonWebApplication() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(WsemClientScriptAutoConfiguration.class))
			.run((context) -> assertThat(context).doesNotHaveBean(ClientScriptRoutes.class));
	}

	@Test
	void createsNoRouteWithoutFunctionalSpringMvc() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(RouterFunction.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(ClientScriptRoutes.class));
	}

	private static boolean routes(AssertableWebApplicationContext context, String path) {
		@SuppressWarnings("unchecked")
		RouterFunction<ServerResponse> router = (RouterFunction<ServerResponse>) context
			.getBeanProvider(ResolvableType.forClassWithGenerics(RouterFunction.class, ServerResponse.class))
			.getObject();
		MockHttpServletRequest request = new MockHttpServletRequest("GET", path);
		return router.route(ServerRequest.create(request, List.of())).isPresent();
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnRoutesConfiguration {

		@Bean
		ClientScriptRoutes ownRoutes() {
			return new ClientScriptRoutes(new ClientScriptSettings("/own.js", "/wsem", "register", "unregister"));
		}

	}

}
