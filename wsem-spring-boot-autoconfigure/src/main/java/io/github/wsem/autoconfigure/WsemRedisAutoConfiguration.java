package io.github.wsem.autoconfigure;

import io.github.wsem.broker.redis.RedisBroker;
import io.github.wsem.broker.redis.RedisHistory;
import io.github.wsem.core.Broker;
import io.github.wsem.core.EventHistory;
import io.github.wsem.core.JsonCodec;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} of the Redis cluster broker, active with
 * {@code wsem.cluster.type=redis}. It runs before {@link WsemAutoConfiguration} so
 * that its {@link Broker} replaces the in-memory one, and uses the connection
 * factory Spring Boot configures from {@code spring.data.redis.*}. The history of
 * emitted events lives in Redis too, so that clients resume on any node.
 */
@AutoConfiguration(before = WsemAutoConfiguration.class,
		afterName = "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration")
@ConditionalOnWebApplication(type = Type.SERVLET)
@ConditionalOnClass({ RedisConnectionFactory.class, ReactiveStringRedisTemplate.class })
@ConditionalOnBooleanProperty(name = "wsem.enabled", matchIfMissing = true)
@ConditionalOnProperty(name = "wsem.cluster.type", havingValue = "redis")
@EnableConfigurationProperties(WsemProperties.class)
public final class WsemRedisAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(Broker.class)
	RedisBroker wsemBroker(RedisConnectionFactory connectionFactory, ReactiveRedisConnectionFactory reactiveFactory,
			JsonCodec codec, WsemProperties properties) {
		WsemProperties.Cluster cluster = properties.getCluster();
		return new RedisBroker(connectionFactory, new ReactiveStringRedisTemplate(reactiveFactory), codec,
				cluster.getPrefix(), cluster.getNodeTimeout(), cluster.getOperationTimeout());
	}

	@Bean
	@ConditionalOnMissingBean(EventHistory.class)
	@ConditionalOnBean(RedisBroker.class)
	RedisHistory wsemEventHistory(RedisBroker broker, WsemProperties properties) {
		WsemProperties.History history = properties.getHistory();
		return new RedisHistory(broker, history.getSize(), history.getTtl());
	}

}
