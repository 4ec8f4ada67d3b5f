package io.github.wsem.autoconfigure;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.condition.ConditionEvaluationReport;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.autoconfigure.task.TaskSchedulingAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.task.TaskExecutorMetricsAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.core.task.TaskExecutor;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for wsem's executors ({@link WsemThreads}): Spring beans that leave Spring Boot's
 * own executors in place, show up in Boot's executor metrics, honour
 * {@code spring.threads.virtual.enabled} and end with the context.
 */
class WsemThreadsTests {

	private static final String[] WSEM_POOLS = { "wsemWriterExecutor", "wsemWaitExecutor", "wsemSseWriterExecutor",
			"wsemTaskScheduler" };

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(TaskExecutionAutoConfiguration.class, TaskSchedulingAutoConfiguration.class,
					WsemAutoConfiguration.class, WsemWebSocketAutoConfiguration.class, WsemSseAutoConfiguration.class));

	@Test
	void leavesSpringBootsApplicationTaskExecutorAndTaskSchedulerInPlace() {
		this.contextRunner.withUserConfiguration(SchedulingApplication.class).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).hasBean("applicationTaskExecutor").hasBean("taskScheduler");
			assertThat(context.getBean("applicationTaskExecutor", ThreadPoolTaskExecutor.class).getThreadNamePrefix())
				.isEqualTo("task-");
			assertThat(context.getBean("taskScheduler", ThreadPoolTaskScheduler.class).getThreadNamePrefix())
				.isEqualTo("scheduling-");
			assertThat(context).hasBean("wsemWriterExecutor")
				.hasBean("wsemWaitExecutor")
				.hasBean("wsemSseWriterExecutor")
				.hasBean("wsemTaskScheduler");
		});
	}

	@Test
	void namesTheThreadsAfterWsem() {
		this.contextRunner.withPropertyValues("wsem.websocket.writer-threads=3", "wsem.sse.writer-threads=5")
			.run((context) -> {
				assertThat(threadName(context.getBean("wsemWriterExecutor", TaskExecutor.class)))
					.startsWith("wsem-write-");
				assertThat(threadName(context.getBean("wsemWaitExecutor", TaskExecutor.class)))
					.startsWith("wsem-wait-");
				assertThat(threadName(context.getBean("wsemSseWriterExecutor", TaskExecutor.class)))
					.startsWith("wsem-sse-");
				assertThat(threadName(context.getBean("wsemTaskScheduler", TaskExecutor.class)))
					.startsWith("wsem-scheduler-");
				assertThat(context.getBean("wsemWriterExecutor", ThreadPoolTaskExecutor.class).getMaxPoolSize())
					.isEqualTo(3);
				assertThat(context.getBean("wsemSseWriterExecutor", ThreadPoolTaskExecutor.class).getMaxPoolSize())
					.isEqualTo(5);
			});
	}

	@Test
	void showsThePoolsInSpringBootsExecutorMetrics() {
		this.contextRunner
			.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
					SimpleMetricsExportAutoConfiguration.class, TaskExecutorMetricsAutoConfiguration.class))
			.run((context) -> {
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				for (String pool : WSEM_POOLS) {
					assertThat(registry.find("executor.pool.max").tag("name", pool).gauge()).as(pool).isNotNull();
					assertThat(registry.find("executor.completed").tag("name", pool).functionCounter()).as(pool)
						.isNotNull();
				}
				assertThat(registry.find("executor.pool.max").tag("name", "wsemWriterExecutor").gauge().value())
					.isEqualTo(Runtime.getRuntime().availableProcessors());
				assertThat(registry.find("executor.pool.max").tag("name", "applicationTaskExecutor").gauge())
					.isNotNull();
			});
	}

	@Test
	void shutsThePoolsDownWithTheContext() {
		AtomicReference<ThreadPoolTaskExecutor> writers = new AtomicReference<>();
		AtomicReference<ThreadPoolTaskScheduler> scheduler = new AtomicReference<>();
		this.contextRunner.run((context) -> {
			writers.set(context.getBean("wsemWriterExecutor", ThreadPoolTaskExecutor.class));
			scheduler.set(context.getBean("wsemTaskScheduler", ThreadPoolTaskScheduler.class));
			assertThat(writers.get().getThreadPoolExecutor().isShutdown()).isFalse();
		});
		assertThat(writers.get().getThreadPoolExecutor().isShutdown()).isTrue();
		assertThat(scheduler.get().getScheduledExecutor().isShutdown()).isTrue();
	}

	@Test
	void keepsWritingWhileTheContextIsPaused() {
		this.contextRunner.run((context) -> {
			context.getSourceApplicationContext().pause();
			for (String pool : new String[] { "wsemWriterExecutor", "wsemWaitExecutor", "wsemSseWriterExecutor" }) {
				assertThat(threadName(context.getBean(pool, TaskExecutor.class))).as(pool).startsWith("wsem-");
			}
		});
	}

	@Test
	void staysOnPlatformThreadsWhereTheJvmHasNoVirtualThreads() {
		this.contextRunner.withPropertyValues("spring.threads.virtual.enabled=true").run((context) -> {
			assertThat(context).hasNotFailed();
			if (JRE.currentVersion().compareTo(JRE.JAVA_21) < 0) {
				assertThat(context.getBean("wsemWaitExecutor")).isInstanceOf(ThreadPoolTaskExecutor.class);
				assertThat(context.getBean("wsemSseWriterExecutor")).isInstanceOf(ThreadPoolTaskExecutor.class);
				ConditionEvaluationReport report = ConditionEvaluationReport.get(context.getBeanFactory());
				assertThat(report.getConditionAndOutcomesBySource())
					.hasEntrySatisfying(WsemSseAutoConfiguration.VirtualWriterConfiguration.class.getName(),
							(outcomes) -> assertThat(outcomes.isFullMatch()).isFalse())
					.hasEntrySatisfying(WsemSseAutoConfiguration.PlatformWriterConfiguration.class.getName(),
							(outcomes) -> assertThat(outcomes.isFullMatch()).isTrue());
			}
			assertThat(context.getBean("wsemWriterExecutor")).as("never blocks, so always platform threads")
				.isInstanceOf(ThreadPoolTaskExecutor.class);
		});
	}

	@Test
	@EnabledForJreRange(min = JRE.JAVA_21)
	void writesBlockingOnVirtualThreadsWhenEnabled() {
		this.contextRunner.withPropertyValues("spring.threads.virtual.enabled=true").run((context) -> {
			assertThat(context.getBean("wsemWaitExecutor")).isInstanceOf(SimpleAsyncTaskExecutor.class);
			assertThat(context.getBean("wsemSseWriterExecutor")).isInstanceOf(SimpleAsyncTaskExecutor.class);
			assertThat(threadName(context.getBean("wsemSseWriterExecutor", TaskExecutor.class)))
				.startsWith("wsem-sse-");
		});
	}

	@Test
	void usesPlatformThreadsByDefault() {
		this.contextRunner.run((context) -> {
			assertThat(context.getBean("wsemWaitExecutor")).isInstanceOf(ThreadPoolTaskExecutor.class);
			assertThat(context.getBean("wsemSseWriterExecutor")).isInstanceOf(ThreadPoolTaskExecutor.class);
		});
	}

	private static String threadName(TaskExecutor executor) throws Exception {
		CompletableFuture<String> name = new CompletableFuture<>();
		executor.execute(() -> name.complete(Thread.currentThread().getName()));
		return name.get(5, TimeUnit.SECONDS);
	}

	@Configuration(proxyBeanMethods = false)
	@EnableScheduling
	static class SchedulingApplication {

	}

}
