package io.github.wsem.autoconfigure;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.NoSuchBeanDefinitionException;
import org.springframework.beans.factory.UnsatisfiedDependencyException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.core.Ordered;

/**
 * A {@link FailureAnalyzer} for an application with {@code wsem.cluster.type=redis}
 * but no Lettuce connection: the Redis broker needs both a
 * {@code RedisConnectionFactory} and a {@code ReactiveRedisConnectionFactory}, which
 * only Lettuce provides (Jedis has no reactive API). Ordered before Spring Boot's
 * general missing-bean analysis.
 */
class RedisConnectionFailureAnalyzer implements FailureAnalyzer, Ordered {

	private static final String BROKER_BEAN = "wsemBroker";

	@Override
	public @Nullable FailureAnalysis analyze(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof UnsatisfiedDependencyException unsatisfied
					&& BROKER_BEAN.equals(unsatisfied.getBeanName())
					&& unsatisfied.getCause() instanceof NoSuchBeanDefinitionException missing
					&& missing.getBeanType() != null) {
				return analysis(missing.getBeanType(), failure);
			}
		}
		return null;
	}

	private static FailureAnalysis analysis(Class<?> missingType, Throwable failure) {
		String description = "wsem.cluster.type=redis, but the application has no " + missingType.getName()
				+ " bean. wsem's Redis broker uses Spring Data Redis on Lettuce, with both a "
				+ "RedisConnectionFactory and a ReactiveRedisConnectionFactory; Jedis provides no reactive one.";
		String action = "Add io.lettuce:lettuce-core (spring-boot-starter-data-redis brings it; if you excluded it "
				+ "for redis.clients:jedis, put it back or add it beside Jedis and set spring.data.redis.client-type=lettuce), "
				+ "or declare a LettuceConnectionFactory bean, or remove wsem.cluster.type=redis to run on one node.";
		return new FailureAnalysis(description, action, failure);
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
