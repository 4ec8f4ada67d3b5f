package io.github.wsem.autoconfigure;

import java.util.Locale;

import io.github.wsem.actuate.WsemEndpoint;
import io.github.wsem.core.Broker;
import io.github.wsem.core.ClientHub;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} of the Actuator endpoint {@code wsem}, when Actuator is present and
 * the endpoint is available.
 */
@AutoConfiguration(after = WsemAutoConfiguration.class)
@ConditionalOnClass({ Endpoint.class, ConditionalOnAvailableEndpoint.class })
@ConditionalOnBean(ClientHub.class)
@ConditionalOnAvailableEndpoint(WsemEndpoint.class)
public final class WsemEndpointAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	WsemEndpoint wsemEndpoint(ClientHub hub, Broker broker, WsemProperties properties) {
		return new WsemEndpoint(hub, broker, properties.getCluster().getType().name().toLowerCase(Locale.ROOT));
	}

}
