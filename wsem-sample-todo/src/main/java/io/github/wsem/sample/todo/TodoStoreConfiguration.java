package io.github.wsem.sample.todo;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * One server keeps the list in memory; the servers of a cluster share it in the Redis
 * that wsem uses ({@code --spring.profiles.active=cluster}).
 */
@Configuration(proxyBeanMethods = false)
class TodoStoreConfiguration {

	@Bean
	@ConditionalOnProperty(name = "wsem.cluster.type", havingValue = "redis")
	TodoStore redisTodoStore(StringRedisTemplate redis) {
		return new RedisTodoStore(redis);
	}

	@Bean
	@ConditionalOnProperty(name = "wsem.cluster.type", havingValue = "none", matchIfMissing = true)
	TodoStore inMemoryTodoStore() {
		return new InMemoryTodoStore();
	}

}
