package io.github.wsem.bench.load;

import java.util.List;

/**
 * What one run of the load generator against one target measured; written as JSON and
 * read back by the report.
 */
public final class Results {

	private Results() {
	}

	/**
	 * One run against one freshly started target.
	 */
	public record Run(String target, int repetition, int connections, Storm storm, Idle idle, List<Fanout> fanouts,
			List<String> notes) {
	}

	/**
	 * The connect storm: every subscriber connected and subscribed, then one probe
	 * message through every subscription.
	 */
	public record Storm(int requested, int ready, int failed, double readyMillis, double probedMillis,
			double serverCpuMicrosPerConnection, double generatorCpuMicrosPerConnection) {
	}

	/**
	 * Idle connections: heap after GC and RSS, before and after the storm.
	 */
	public record Idle(int connections, long heapBefore, long heapAfter, long rssBefore, long rssAfter,
			double heapPerConnection, double rssPerConnection) {
	}

	/**
	 * One fan-out run.
	 *
	 * @param name e.g. {@code max-1000} or {@code rate200-1000}
	 * @param rate the publish rate asked for, 0 for as fast as the window allows
	 * @param published messages published
	 * @param publishedPerSecond publish rate reached in the window
	 * @param deliveredPerSecond distinct deliveries per second in the window
	 * @param cpuMicrosPerMessage target CPU (user + system) per delivery in the window
	 * @param generatorCpuMicrosPerMessage the load generator's CPU per delivery
	 * @param closed subscribers whose connection the target closed
	 */
	public record Fanout(String name, int subscribers, int rate, int window, double seconds, long published,
			double publishedPerSecond, double deliveredPerSecond, double p50Millis, double p99Millis, double maxMillis,
			long lost, long reordered, long duplicated, long stale, double cpuMicrosPerMessage,
			double generatorCpuMicrosPerMessage, int closed) {
	}

}
