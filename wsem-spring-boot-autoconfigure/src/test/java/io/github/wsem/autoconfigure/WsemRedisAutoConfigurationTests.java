package io.github.wsem.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.github.wsem.broker.InMemoryBroker;
import io.github.wsem.broker.redis.RedisBroker;
import io.github.wsem.broker.redis.RedisHistory;
import io.github.wsem.core.Broker;
import io.github.wsem.core.EventHistory;
import io.github.wsem.test.ApplicationWithoutSecurity;
import io.github.wsem.test.RedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.autoconfigure.task.TaskSchedulingAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.mockito.Mockito.mock;

/**
 * Tests for {@link WsemRedisAutoConfiguration} and
 * {@link RedisConnectionFailureAnalyzer}.
 */
@ExtendWith(OutputCaptureExtension.class)
class WsemRedisAutoConfigurationTests {

	private static RedisServer redis;

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class, WsemAutoConfiguration.class,
				WsemRedisAutoConfiguration.class));

	@BeforeAll
	static void startRedis() {
		redis = RedisServer.start();
	}

	@AfterAll
	static void stopRedis() {
		redis.close();
	}

	@Test
	void keepsTheInMemoryBrokerWithoutAClusterType() {
		this.contextRunner.run((context) -> {
			assertThat(context).doesNotHaveBean(RedisBroker.class);
			assertThat(context.getBean(Broker.class)).isInstanceOf(InMemoryBroker.class);
		});
	}

	@Test
	void createsTheRedisBrokerAndHistoryWhenTheClusterTypeIsRedis() {
		this.contextRunner.withPropertyValues(redisProperties("wsem.cluster.type=redis")).run((context) -> {
			assertThat(context).hasSingleBean(Broker.class);
			assertThat(context.getBean(Broker.class)).isInstanceOf(RedisBroker.class);
			assertThat(context.getBean(EventHistory.class)).isInstanceOf(RedisHistory.class);
		});
	}

	@Test
	void leavesSpringBootsApplicationTaskExecutorAndTaskSchedulerInPlace() {
		this.contextRunner
			.withConfiguration(
					AutoConfigurations.of(TaskExecutionAutoConfiguration.class, TaskSchedulingAutoConfiguration.class))
			.withUserConfiguration(SchedulingConfiguration.class)
			.withPropertyValues(redisProperties("wsem.cluster.type=redis"))
			.run((context) -> {
				assertThat(context).hasBean("wsemRedisInboundExecutor").hasBean("wsemRedisScheduler");
				assertThat(context).hasBean("applicationTaskExecutor").hasBean("taskScheduler");
				assertThat(
						context.getBean("applicationTaskExecutor", ThreadPoolTaskExecutor.class).getThreadNamePrefix())
					.isEqualTo("task-");
			});
	}

	@Test
	void usesTheApplicationsBrokerEvenWhenTheClusterTypeIsRedis() {
		InMemoryBroker own = new InMemoryBroker();
		this.contextRunner.withPropertyValues(redisProperties("wsem.cluster.type=redis"))
			.withBean("ownBroker", Broker.class, () -> own)
			.run((context) -> {
				assertThat(context).doesNotHaveBean(RedisBroker.class);
				assertThat(context).doesNotHaveBean(RedisHistory.class);
				assertThat(context.getBean(Broker.class)).isSameAs(own);
			});
	}

	@Test
	void failsWithAnExplanationWhenTheClusterTypeIsRedisWithoutSpringDataRedis() {
		this.contextRunner.withClassLoader(new FilteredClassLoader("org.springframework.data.redis"))
			.withPropertyValues("wsem.cluster.type=redis")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).hasRootCauseInstanceOf(ClusterBrokerMissingException.class);
				FailureAnalysis analysis = new ClusterBrokerFailureAnalyzer().analyze(context.getStartupFailure());
				assertThat(analysis).isNotNull();
				assertThat(analysis.getDescription()).contains("wsem.cluster.type=redis")
					.contains("Spring Data Redis is not on the classpath");
				assertThat(analysis.getAction()).contains("spring-boot-starter-data-redis");
			});
	}

	@Test
	void failsWithAnExplanationWhenTheClusterTypeIsRedisAndTheRedisAutoConfigurationIsLeftOut() {
		new WebApplicationContextRunner().withConfiguration(AutoConfigurations.of(WsemAutoConfiguration.class))
			.withPropertyValues("wsem.cluster.type=redis")
			.run((context) -> {
				assertThat(context).hasFailed();
				FailureAnalysis analysis = new ClusterBrokerFailureAnalyzer().analyze(context.getStartupFailure());
				assertThat(analysis).isNotNull();
				assertThat(analysis.getDescription()).contains("WsemRedisAutoConfiguration");
			});
	}

	@Test
	void runsOnOneNodeWithoutSpringDataRedisWhenNoClusterIsAskedFor() {
		this.contextRunner.withClassLoader(new FilteredClassLoader("org.springframework.data.redis")).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(Broker.class)).isInstanceOf(InMemoryBroker.class);
		});
	}

	@Test
	void registersTheClusterBrokerFailureAnalyzer() {
		assertThat(SpringFactoriesLoader.forDefaultResourceLocation()
			.load(FailureAnalyzer.class, SpringFactoriesLoader.ArgumentResolver.none(), (type, name, failure) -> {
			})).hasAtLeastOneElementOfType(ClusterBrokerFailureAnalyzer.class);
	}

	@Test
	void explainsTheStartupFailureOfAnApplicationWithoutAReactiveConnectionFactory() {
		new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(WsemAutoConfiguration.class, WsemRedisAutoConfiguration.class))
			.withBean(RedisConnectionFactory.class, () -> mock(RedisConnectionFactory.class))
			.withPropertyValues("wsem.cluster.type=redis")
			.run((context) -> {
				assertThat(context).hasFailed();
				FailureAnalysis analysis = new RedisConnectionFailureAnalyzer().analyze(context.getStartupFailure());
				assertThat(analysis).isNotNull();
				assertThat(analysis.getDescription()).contains("wsem.cluster.type=redis")
					.contains("org.springframework.data.redis.connection.ReactiveRedisConnectionFactory")
					.contains("Jedis");
				assertThat(analysis.getAction()).contains("io.lettuce:lettuce-core")
					.contains("spring.data.redis.client-type=lettuce");
			});
	}

	@Test
	void explainsTheStartupFailureOfAnApplicationWithoutAnyConnectionFactory() {
		new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(WsemAutoConfiguration.class, WsemRedisAutoConfiguration.class))
			.withPropertyValues("wsem.cluster.type=redis")
			.run((context) -> {
				assertThat(context).hasFailed();
				FailureAnalysis analysis = new RedisConnectionFailureAnalyzer().analyze(context.getStartupFailure());
				assertThat(analysis).isNotNull();
				assertThat(analysis.getDescription())
					.contains("org.springframework.data.redis.connection.RedisConnectionFactory");
			});
	}

	@Test
	void reportsTheAnalysisWhenAnApplicationOnJedisStarts(CapturedOutput output) {
		SpringApplication application = new SpringApplication(JedisLikeApplication.class);
		application.setDefaultProperties(Map.of("wsem.cluster.type", "redis", "server.port", "0"));
		assertThatException().isThrownBy(application::run);
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("wsem.cluster.type=redis, but the application has no "
					+ "org.springframework.data.redis.connection.ReactiveRedisConnectionFactory bean")
			.contains("Add io.lettuce:lettuce-core");
	}

	@Test
	void leavesOtherStartupFailuresToSpringBoot() {
		new WebApplicationContextRunner().withConfiguration(AutoConfigurations.of(WsemAutoConfiguration.class))
			.withBean(String.class, () -> {
				throw new IllegalStateException("not about Redis");
			})
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(new RedisConnectionFailureAnalyzer().analyze(context.getStartupFailure())).isNull();
			});
	}

	@Test
	void registersTheFailureAnalyzerBeforeSpringBootsOwn() {
		List<FailureAnalyzer> analyzers = SpringFactoriesLoader.forDefaultResourceLocation()
			.load(FailureAnalyzer.class, SpringFactoriesLoader.ArgumentResolver.none(), (type, name, failure) -> {
			});
		assertThat(analyzers).isNotEmpty();
		assertThat(analyzers.get(0)).isInstanceOf(RedisConnectionFailureAnalyzer.class);
	}

	@Configuration(proxyBeanMethods = false)
	@EnableScheduling
	static class SchedulingConfiguration {

	}

	@ApplicationWithoutSecurity
	@EnableAutoConfiguration(exclude = DataRedisAutoConfiguration.class)
	static class JedisLikeApplication {

		@Bean
		RedisConnectionFactory blockingOnlyConnectionFactory() {
			return mock(RedisConnectionFactory.class);
		}

	}

	private static String[] redisProperties(String... extra) {
		List<String> properties = new ArrayList<>();
		redis.springProperties().forEach((property) -> properties.add(property.substring(2)));
		properties.addAll(List.of(extra));
		return properties.toArray(String[]::new);
	}

}
