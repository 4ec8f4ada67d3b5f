package io.github.wsem.autoconfigure;

import org.jspecify.annotations.Nullable;

import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * How wsem's executors are made. They are beans with {@code defaultCandidate = false}:
 * Spring starts, meters and stops them, but they are invisible to injection points
 * without a qualifier and to {@code @ConditionalOnMissingBean(Executor.class)}, so that
 * Spring Boot's {@code applicationTaskExecutor} and {@code taskScheduler} stay.
 *
 * <p>
 * A pool keeps Spring's default shutdown: it takes tasks until the web server has stopped
 * (the 1001 closes and the last SSE writes need it), then its lifecycle phase waits for
 * the running tasks, and the context's destruction ends it.
 */
final class WsemThreads {

	private WsemThreads() {
	}

	/**
	 * A pool of platform threads that come and go with the load.
	 */
	static ThreadPoolTaskExecutor pool(String threadNamePrefix, int threads) {
		ThreadPoolTaskExecutor executor = new UnpausedThreadPoolTaskExecutor();
		executor.setCorePoolSize(threads);
		executor.setMaxPoolSize(threads);
		executor.setKeepAliveSeconds(30);
		executor.setAllowCoreThreadTimeOut(true);
		executor.setThreadNamePrefix(threadNamePrefix);
		executor.setWaitForTasksToCompleteOnShutdown(true);
		return executor;
	}

	/**
	 * A virtual thread per task, for work that blocks (Java 21+ with
	 * {@code spring.threads.virtual.enabled=true}).
	 */
	static SimpleAsyncTaskExecutor virtual(String threadNamePrefix) {
		SimpleAsyncTaskExecutor executor = new SimpleAsyncTaskExecutor(threadNamePrefix);
		executor.setVirtualThreads(true);
		return executor;
	}

	/**
	 * A scheduler on one platform thread.
	 */
	static ThreadPoolTaskScheduler scheduler(String threadNamePrefix) {
		ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
		scheduler.setPoolSize(1);
		scheduler.setThreadNamePrefix(threadNamePrefix);
		return scheduler;
	}

	/**
	 * A pool that is never paused or stopped by the context's lifecycle, only shut down
	 * when the context is destroyed. It leaves out Spring's pause bookkeeping, a lock
	 * shared by all its threads taken before and after every task: the WebSocket writers
	 * run a task per client a fan-out reaches.
	 */
	private static final class UnpausedThreadPoolTaskExecutor extends ThreadPoolTaskExecutor {

		@Override
		public boolean isPauseable() {
			return false;
		}

		@Override
		protected void beforeExecute(Thread thread, Runnable task) {
		}

		@Override
		protected void afterExecute(Runnable task, @Nullable Throwable ex) {
		}

	}

}
