package io.github.wsem.autoconfigure;

import io.github.wsem.broker.redis.ContainerSubscriber;
import io.github.wsem.broker.redis.RedisBroker;
import io.github.wsem.broker.redis.RedisHistory;
import io.github.wsem.broker.redis.RedisSubscriber;
import io.github.wsem.broker.redis.ShardedSubscriber;
import io.github.wsem.core.Broker;
import io.github.wsem.core.EventHistory;
import io.github.wsem.core.JsonCodec;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
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
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} of the Redis cluster broker, active with
 * {@code wsem.cluster.type=redis}. It runs before {@link WsemAutoConfiguration} so that
 * its {@link Broker} replaces the in-memory one, and uses the connection factory Spring
 * Boot configures from {@code spring.data.redis.*}. The history of emitted events lives
 * in Redis too, so that clients resume on any node. Its executors are beans with
 * {@code defaultCandidate = false}, so that they do not displace Spring Boot's
 * {@code applicationTaskExecutor} and {@code taskScheduler}.
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
	RedisBroker wsemBroker(RedisConnectionFactory connectionFactory, RedisSubscriber wsemRedisSubscriber,
			ReactiveRedisConnectionFactory reactiveFactory, JsonCodec codec, WsemProperties properties,
			@Qualifier("wsemRedisScheduler") ThreadPoolTaskScheduler wsemRedisScheduler,
			@Qualifier("wsemRedisSubscriptionExecutor") ThreadPoolTaskExecutor wsemRedisSubscriptionExecutor,
			@Qualifier("wsemRedisNotificationExecutor") ThreadPoolTaskExecutor wsemRedisNotificationExecutor) {
		WsemProperties.Cluster cluster = properties.getCluster();
		return new RedisBroker(connectionFactory, wsemRedisSubscriber, new ReactiveStringRedisTemplate(reactiveFactory),
				codec, cluster.getPrefix(), cluster.getNodeTimeout(), cluster.getOperationTimeout(), wsemRedisScheduler,
				wsemRedisSubscriptionExecutor, wsemRedisNotificationExecutor);
	}

	/**
	 * The subscriptions of the broker: on a listener container that dispatches on one
	 * thread, so that messages keep Redis's order; on Redis Cluster (Spring Boot's
	 * factory is a cluster one) sharded subscriptions through Lettuce, dispatched on the
	 * same thread.
	 */
	@Bean
	@ConditionalOnMissingBean(RedisSubscriber.class)
	RedisSubscriber wsemRedisSubscriber(RedisConnectionFactory connectionFactory,
			ObjectProvider<RedisMessageListenerContainer> wsemRedisListenerContainer,
			@Qualifier("wsemRedisInboundExecutor") ThreadPoolTaskExecutor wsemRedisInboundExecutor,
			@Qualifier("wsemRedisShardScheduler") ThreadPoolTaskScheduler wsemRedisShardScheduler) {
		if (connectionFactory instanceof LettuceConnectionFactory lettuce && lettuce.isClusterAware()) {
			return new ShardedSubscriber(lettuce, wsemRedisInboundExecutor, wsemRedisShardScheduler);
		}
		return new ContainerSubscriber(wsemRedisListenerContainer.getObject());
	}

	/**
	 * The listener container of a standalone or Sentinel Redis; on Redis Cluster it is
	 * not started (sharded pub/sub goes through Lettuce).
	 */
	@Bean
	@ConditionalOnMissingBean(name = "wsemRedisListenerContainer")
	RedisMessageListenerContainer wsemRedisListenerContainer(RedisConnectionFactory connectionFactory,
			@Qualifier("wsemRedisInboundExecutor") ThreadPoolTaskExecutor wsemRedisInboundExecutor) {
		RedisMessageListenerContainer container = new RedisMessageListenerContainer();
		container.setConnectionFactory(connectionFactory);
		container.setTaskExecutor(wsemRedisInboundExecutor);
		container.setRecoveryInterval(500);
		container.setAutoStartup(
				!(connectionFactory instanceof LettuceConnectionFactory lettuce && lettuce.isClusterAware()));
		return container;
	}

	/**
	 * Checks that each sharded subscription is on its slot's master (Redis Cluster).
	 */
	@Bean(defaultCandidate = false)
	ThreadPoolTaskScheduler wsemRedisShardScheduler() {
		ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
		scheduler.setPoolSize(1);
		scheduler.setThreadNamePrefix("wsem-redis-shards-");
		return scheduler;
	}

	@Bean(defaultCandidate = false)
	ThreadPoolTaskExecutor wsemRedisInboundExecutor() {
		return singleThread("wsem-redis-in-");
	}

	@Bean(defaultCandidate = false)
	ThreadPoolTaskExecutor wsemRedisSubscriptionExecutor() {
		return singleThread("wsem-redis-sub-");
	}

	@Bean(defaultCandidate = false)
	ThreadPoolTaskExecutor wsemRedisNotificationExecutor() {
		return singleThread("wsem-redis-reg-");
	}

	@Bean(defaultCandidate = false)
	ThreadPoolTaskScheduler wsemRedisScheduler() {
		ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
		scheduler.setPoolSize(1);
		scheduler.setThreadNamePrefix("wsem-redis-beat-");
		return scheduler;
	}

	private static ThreadPoolTaskExecutor singleThread(String prefix) {
		ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
		executor.setCorePoolSize(1);
		executor.setMaxPoolSize(1);
		executor.setThreadNamePrefix(prefix);
		return executor;
	}

	@Bean
	@ConditionalOnMissingBean(EventHistory.class)
	@ConditionalOnBean(RedisBroker.class)
	RedisHistory wsemEventHistory(RedisBroker broker, WsemProperties properties) {
		WsemProperties.History history = properties.getHistory();
		return new RedisHistory(broker, history.getSize(), history.getTtl(), properties.getCluster().getOutboxSize());
	}

}
