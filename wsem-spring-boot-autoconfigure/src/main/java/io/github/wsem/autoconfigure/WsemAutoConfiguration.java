package io.github.wsem.autoconfigure;

import io.github.wsem.broker.InMemoryBroker;
import io.github.wsem.core.Broker;
import io.github.wsem.core.ClientIdGenerator;
import io.github.wsem.core.ClientHub;
import io.github.wsem.core.ClientIdResolver;
import io.github.wsem.core.ClientListener;
import io.github.wsem.core.DefaultClientIdResolver;
import io.github.wsem.core.EventHistory;
import io.github.wsem.core.EventManager;
import io.github.wsem.core.JsonCodec;
import io.github.wsem.core.WsemAuthorizer;
import io.github.wsem.core.WsemListenerMethodProcessor;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.util.ClassUtils;
import org.springframework.web.socket.WebSocketHandler;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} of wsem's core: the JSON codec, the broker, the
 * {@link WsemAuthorizer}, the {@link ClientHub} the transports connect their clients to,
 * and the application's {@link EventManager}, which an application may decorate or
 * replace without losing the transports.
 */
@AutoConfiguration(afterName = { "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration",
		"org.springframework.boot.jackson2.autoconfigure.Jackson2AutoConfiguration" })
@ConditionalOnWebApplication(type = Type.SERVLET)
@ConditionalOnClass(WebSocketHandler.class)
@ConditionalOnBooleanProperty(name = "wsem.enabled", matchIfMissing = true)
@EnableConfigurationProperties(WsemProperties.class)
@Import({ JsonCodecConfigurations.Jackson3Configuration.class,
		JsonCodecConfigurations.ApplicationJackson3Configuration.class,
		JsonCodecConfigurations.Jackson2Configuration.class,
		JsonCodecConfigurations.FallbackJackson2Configuration.class,
		JsonCodecConfigurations.FallbackJackson3Configuration.class,
		JsonCodecConfigurations.MissingJackson3Configuration.class,
		JsonCodecConfigurations.MissingJackson2Configuration.class })
public final class WsemAutoConfiguration {

	/**
	 * The broker of a single node; with {@code wsem.cluster.type=redis} the Redis broker
	 * comes first, and without it startup fails rather than run alone.
	 */
	@Bean
	@ConditionalOnMissingBean
	Broker wsemBroker(WsemProperties properties, ApplicationContext context) {
		if (properties.getCluster().getType() == WsemProperties.ClusterType.REDIS) {
			throw new ClusterBrokerMissingException(ClassUtils.isPresent(
					"org.springframework.data.redis.connection.RedisConnectionFactory", context.getClassLoader()));
		}
		return new InMemoryBroker();
	}

	@Bean
	@ConditionalOnMissingBean
	ClientIdGenerator wsemClientIdGenerator() {
		return ClientIdGenerator.random();
	}

	@Bean
	@ConditionalOnMissingBean
	ClientIdResolver wsemClientIdResolver(ClientIdGenerator generator, WsemProperties properties) {
		return new DefaultClientIdResolver(generator, properties.getClientId() == WsemProperties.ClientIdMode.PRINCIPAL,
				properties.isAllowChosenIds());
	}

	@Bean
	@ConditionalOnMissingBean
	WsemAuthorizer wsemAuthorizer() {
		return WsemAuthorizer.allowAll();
	}

	@Bean
	@ConditionalOnMissingBean
	ClientHub wsemClientHub(JsonCodec codec, Broker broker, WsemProperties properties,
			ApplicationEventPublisher publisher, WsemAuthorizer authorizer, ObjectProvider<EventHistory> history) {
		return ClientHub.create(codec, broker, properties.toProtocolSettings(), publisher::publishEvent, authorizer,
				history.getIfAvailable());
	}

	@Bean
	@ConditionalOnMissingBean
	EventManager eventManager(ClientHub hub) {
		return hub.eventManager();
	}

	@Bean
	SmartInitializingSingleton wsemClientListenersRegistrar(ClientHub hub,
			ObjectProvider<ClientListener> clientListeners, ClientIdResolver idResolver) {
		return () -> {
			hub.setClientListeners(clientListeners.orderedStream().toList());
			hub.setIdResolver(idResolver);
		};
	}

	@Bean
	WsemLifecycleEvents wsemLifecycleEvents(ApplicationContext context, EventManager eventManager) {
		return new WsemLifecycleEvents(context, eventManager);
	}

	@Bean
	@ConditionalOnMissingBean
	static WsemListenerMethodProcessor wsemListenerMethodProcessor(EventManager eventManager) {
		return new WsemListenerMethodProcessor(eventManager);
	}

}
