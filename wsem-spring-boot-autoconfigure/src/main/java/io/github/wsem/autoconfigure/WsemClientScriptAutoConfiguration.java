package io.github.wsem.autoconfigure;

import io.github.wsem.web.ClientScriptRoutes;
import io.github.wsem.web.ClientScriptSettings;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} of the browser client served at {@code wsem.client-script-url}.
 */
@AutoConfiguration(after = WsemAutoConfiguration.class)
@ConditionalOnWebApplication(type = Type.SERVLET)
@ConditionalOnClass(RouterFunction.class)
@ConditionalOnBooleanProperty(name = "wsem.enabled", matchIfMissing = true)
@EnableConfigurationProperties(WsemProperties.class)
public final class WsemClientScriptAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ClientScriptRoutes wsemClientScriptRoutes(WsemProperties properties) {
		return new ClientScriptRoutes(new ClientScriptSettings(properties.getClientScriptUrl(),
				properties.getEndpoint(), properties.getRegisterEventName(), properties.getUnregisterEventName()));
	}

	@Bean
	RouterFunction<ServerResponse> wsemClientScriptRouterFunction(ClientScriptRoutes routes) {
		return routes.routerFunction();
	}

}
