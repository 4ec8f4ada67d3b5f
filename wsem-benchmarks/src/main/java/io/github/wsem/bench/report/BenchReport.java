package io.github.wsem.bench.report;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

import io.github.wsem.bench.load.Results;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns the load generator's JSON results into {@code docs/benchmarks.md} and the plot.
 * <p>
 * Arguments: {@code RESULTS_DIR MARKDOWN PNG COMMAND SECONDS}.
 */
public final class BenchReport {

	static final List<String> TARGETS = List.of("wsem", "raw", "stomp", "socketio", "ws");

	static final Map<String, String> NAMES = Map.of("wsem", "wsem", "raw", "raw Tomcat", "stomp", "Spring STOMP",
			"socketio", "Socket.IO", "ws", "raw ws (Node)");

	static final Map<String, Color> COLORS = Map.of("wsem", new Color(0x2a9d8f), "raw", new Color(0x8d99ae), "stomp",
			new Color(0xe9c46a), "socketio", new Color(0xe76f51), "ws", new Color(0x264653));

	/**
	 * The Node targets: they have no JVM flags, so their runs count for the default-flag
	 * rows as well.
	 */
	static final List<String> NODE_TARGETS = List.of("socketio", "ws");

	/**
	 * The file name part of the runs with the JVM's default flags and only {@code -Xmx}.
	 */
	static final String DEFAULT_FLAGS = "defaultflags";

	/** The two-node target, reported in a table of its own beside the single node. */
	static final String CLUSTER = "wsem-cluster";

	/** The two-node target on a Redis Cluster of three masters, in the same table. */
	static final String REDIS_CLUSTER = "wsem-redis-cluster";

	private final Map<String, List<Results.Run>> runs;

	/**
	 * The JVM targets' storm and idle memory with the JVM's default flags and only
	 * {@code -Xmx}.
	 */
	private final Map<String, List<Results.Run>> defaultFlagRuns;

	private final List<Results.Run> clusterRuns;

	private final List<Results.Run> redisClusterRuns;

	private final int small;

	private final int large;

	BenchReport(Map<String, List<Results.Run>> runs, List<Results.Run> clusterRuns) {
		this(runs, Map.of(), clusterRuns, List.of());
	}

	BenchReport(Map<String, List<Results.Run>> runs, Map<String, List<Results.Run>> defaultFlagRuns,
			List<Results.Run> clusterRuns, List<Results.Run> redisClusterRuns) {
		this.runs = runs;
		this.defaultFlagRuns = defaultFlagRuns;
		this.clusterRuns = clusterRuns;
		this.redisClusterRuns = redisClusterRuns;
		this.large = runs.values().stream().flatMap(List::stream).mapToInt(Results.Run::connections).max().orElse(0);
		this.small = Stream
			.concat(runs.values().stream().flatMap(List::stream),
					Stream.concat(clusterRuns.stream(), redisClusterRuns.stream()))
			.flatMap((run) -> run.fanouts().stream())
			.mapToInt(Results.Fanout::subscribers)
			.min()
			.orElse(0);
	}

	private List<Results.Run> twoNodeRuns() {
		return this.clusterRuns.isEmpty() ? this.redisClusterRuns : this.clusterRuns;
	}

	public static void main(String[] args) throws IOException {
		Path dir = Path.of(args[0]);
		JsonMapper json = JsonMapper.builder().build();
		Map<String, List<Results.Run>> runs = new LinkedHashMap<>();
		Map<String, List<Results.Run>> defaultFlagRuns = new LinkedHashMap<>();
		for (String target : TARGETS) {
			List<Results.Run> list = read(dir, target, json);
			if (!list.isEmpty()) {
				runs.put(target, list);
			}
			List<Results.Run> defaults = read(dir, target + "-" + DEFAULT_FLAGS, json);
			if (!defaults.isEmpty()) {
				defaultFlagRuns.put(target, defaults);
			}
		}
		BenchReport report = new BenchReport(runs, defaultFlagRuns, read(dir, CLUSTER, json),
				read(dir, REDIS_CLUSTER, json));
		Path markdown = Path.of(args[1]);
		Path png = Path.of(args[2]);
		if (!runs.isEmpty()) {
			Files.createDirectories(png.toAbsolutePath().getParent());
			report.plot(png.toFile());
		}
		String notes = Files.exists(Path.of("bench/notes.md")) ? Files.readString(Path.of("bench/notes.md")) : "";
		Files.writeString(markdown, report.markdown(dir, args[3], Integer.parseInt(args[4]), notes));
		System.out.print(runs.isEmpty() ? report.clusterTable() : report.table());
	}

	private static List<Results.Run> read(Path dir, String target, JsonMapper json) throws IOException {
		List<Results.Run> list = new ArrayList<>();
		try (Stream<Path> files = Files.list(dir)) {
			for (Path file : files.filter((f) -> f.getFileName().toString().matches(target + "-[0-9]+\\.json"))
				.sorted()
				.toList()) {
				list.add(json.readValue(file.toFile(), Results.Run.class));
			}
		}
		return list;
	}

	// values

	private List<Results.Fanout> fanouts(String target, String prefix) {
		return this.runs.getOrDefault(target, List.of())
			.stream()
			.flatMap((run) -> run.fanouts().stream())
			.filter((f) -> f.name().startsWith(prefix + "-"))
			.toList();
	}

	private double[] values(String target, String scenario, ToDoubleFunction<Results.Fanout> metric) {
		return fanouts(target, scenario).stream().mapToDouble(metric).toArray();
	}

	private double[] runValues(String target, ToDoubleFunction<Results.Run> metric) {
		return this.runs.getOrDefault(target, List.of()).stream().mapToDouble(metric).toArray();
	}

	/**
	 * A JVM target's runs with the default flags; a Node target's runs (Node has no such
	 * flags).
	 */
	private double[] defaultFlagValues(String target, ToDoubleFunction<Results.Run> metric) {
		List<Results.Run> list = NODE_TARGETS.contains(target) ? this.runs.getOrDefault(target, List.of())
				: this.defaultFlagRuns.getOrDefault(target, List.of());
		return list.stream().mapToDouble(metric).toArray();
	}

	/** Connections connected and subscribed per second, until the last one was ready. */
	static double connectRate(Results.Run run) {
		return (run.storm().readyMillis() > 0) ? run.storm().ready() / (run.storm().readyMillis() / 1000) : Double.NaN;
	}

	static double median(double[] values) {
		if (values.length == 0) {
			return Double.NaN;
		}
		double[] sorted = values.clone();
		Arrays.sort(sorted);
		int mid = sorted.length / 2;
		return (sorted.length % 2 == 1) ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
	}

	record Row(String metric, boolean higherIsBetter, String unit, Map<String, double[]> values, List<Goal> goals) {

		double median(String target) {
			return BenchReport.median(this.values.getOrDefault(target, new double[0]));
		}

		/** How many times better wsem is than the peer (above 1: wsem wins). */
		double advantage(String peer) {
			double wsem = median("wsem");
			double other = median(peer);
			if (wsem == 0 && other == 0) {
				return Double.NaN;
			}
			return this.higherIsBetter ? wsem / other : other / wsem;
		}

		String goal() {
			return String.join(", ", this.goals.stream().map(Goal::text).toList());
		}

	}

	/**
	 * A target of the issue for one row: wsem at least {@code factor} times better than
	 * {@code peer} (see {@link Row#advantage}), or, without a peer, wsem's median at most
	 * (costs) or at least (throughput) {@code bound}.
	 */
	record Goal(String peer, double bound, String text) {

		static Goal peer(String peer, double factor, String text) {
			return new Goal(peer, factor, text);
		}

		static Goal absolute(double bound, String text) {
			return new Goal(null, bound, text);
		}

		/**
		 * {@code TRUE} met, {@code FALSE} not met, {@code null} not measured in this run.
		 */
		Boolean met(Row row) {
			double value = (this.peer != null) ? row.advantage(this.peer) : row.median("wsem");
			if (this.peer != null && row.median(this.peer) == 0 && row.median("wsem") == 0) {
				return Boolean.TRUE;
			}
			if (!Double.isFinite(value)) {
				return null;
			}
			if (this.peer != null) {
				return value >= this.bound - 1e-9;
			}
			return row.higherIsBetter() ? value >= this.bound : value <= this.bound;
		}

	}

	List<Row> rows() {
		List<Row> rows = new ArrayList<>();
		String s = "max-" + this.small;
		String l = "max-" + this.large;
		String small = fmt(this.small);
		rows.add(row("delivered msg/s, " + small + " subscribers, as fast as possible", true, "msg/s",
				(t) -> values(t, "max", Results.Fanout::deliveredPerSecond, s),
				List.of(Goal.peer("raw", 3, "≥ 3× raw Tomcat"), Goal.peer("socketio", 2, "≥ 2× Socket.IO"),
						Goal.peer("ws", 2, "≥ 2× raw ws"))));
		rows.add(row("delivered msg/s, " + fmt(this.large) + " subscribers, as fast as possible", true, "msg/s",
				(t) -> values(t, "max", Results.Fanout::deliveredPerSecond, l), List.of()));
		rows.add(row("server CPU per delivery, " + small + " subscribers, as fast as possible", false, "µs",
				(t) -> values(t, "max", Results.Fanout::cpuMicrosPerMessage, s), List.of()));
		rows.add(row("server CPU per delivery, " + small + " × 50 msg/s", false, "µs",
				(t) -> values(t, "rate50", Results.Fanout::cpuMicrosPerMessage, null),
				List.of(Goal.peer("raw", 1 / 0.7, "≤ 0.7× raw Tomcat"))));
		rows.add(row("p50 latency, " + small + " × 50 msg/s", false, "ms",
				(t) -> values(t, "rate50", Results.Fanout::p50Millis, null), List.of()));
		rows.add(row("p99 latency, " + small + " × 50 msg/s", false, "ms",
				(t) -> values(t, "rate50", Results.Fanout::p99Millis, null),
				List.of(Goal.peer("socketio", 1, "≤ Socket.IO"), Goal.peer("ws", 1 / 1.2, "≤ 1.2× raw ws"))));
		rows.add(row("p99 latency, " + small + " × 200 msg/s", false, "ms",
				(t) -> values(t, "rate200", Results.Fanout::p99Millis, null), List.of()));
		rows.add(row("max latency, " + small + " × 200 msg/s", false, "ms",
				(t) -> values(t, "rate200", Results.Fanout::maxMillis, null), List.of()));
		rows.add(row("reordered + duplicated deliveries, all scenarios", false, "",
				(t) -> runValues(t, (r) -> r.fanouts().stream().mapToLong((f) -> f.reordered() + f.duplicated()).sum()),
				List.of(Goal.absolute(0, "0"))));
		rows.add(row("lost deliveries, all scenarios", false, "",
				(t) -> runValues(t, (r) -> r.fanouts().stream().mapToLong(Results.Fanout::lost).sum()),
				List.of(Goal.absolute(0, "0"))));
		rows.add(row("clients connected and subscribed on one node", true, "",
				(t) -> runValues(t, (r) -> r.storm().ready()), List.of(Goal.absolute(10_000, "≥ 10,000"))));
		rows.add(row("connect + register " + fmt(this.large) + " clients, tuned flags", true, "connections/s",
				(t) -> runValues(t, BenchReport::connectRate), List.of()));
		rows.add(row("connect + register " + fmt(this.large) + " clients, default JVM flags", true, "connections/s",
				(t) -> defaultFlagValues(t, BenchReport::connectRate),
				List.of(Goal.peer("raw", 1.5, "≥ 1.5× raw Tomcat"), Goal.peer("socketio", 1, "≥ Socket.IO"))));
		rows.add(row("server CPU per connection, connect + register, default JVM flags", false, "µs",
				(t) -> defaultFlagValues(t, (r) -> r.storm().serverCpuMicrosPerConnection()), List.of()));
		rows.add(row("connect + register + probe " + fmt(this.large) + " (storm), tuned flags", false, "s",
				(t) -> runValues(t, (r) -> r.storm().probedMillis() / 1000), List.of()));
		rows.add(row("heap per idle connection (after GC), tuned flags", false, "KiB",
				(t) -> runValues(t, (r) -> r.idle().heapPerConnection() / 1024), List.of()));
		rows.add(row("heap per idle connection (after GC), default JVM flags", false, "KiB",
				(t) -> defaultFlagValues(t, (r) -> r.idle().heapPerConnection() / 1024),
				List.of(Goal.absolute(10, "≤ 10 KiB"))));
		rows.add(row("RSS per idle connection, tuned flags", false, "KiB",
				(t) -> runValues(t, (r) -> r.idle().rssPerConnection() / 1024), List.of()));
		rows.add(row("RSS per idle connection, default JVM flags", false, "KiB",
				(t) -> defaultFlagValues(t, (r) -> r.idle().rssPerConnection() / 1024),
				List.of(Goal.absolute(20, "≤ 20 KiB"))));
		return rows;
	}

	/**
	 * Every target of the issue with what this run measured and whether it is met, so
	 * that the README's claims can be written from the report alone.
	 */
	String goals() {
		StringBuilder md = new StringBuilder("## Targets\n\n");
		md.append("Medians of this run; \"×\" is how many times better wsem is than the peer (see above).\n\n");
		for (Row row : rows()) {
			for (Goal goal : row.goals()) {
				Boolean met = goal.met(row);
				md.append("- ").append(row.metric()).append(": ");
				if (goal.peer() != null) {
					md.append(num(row.median("wsem")))
						.append(row.unit().isEmpty() ? "" : " " + row.unit())
						.append(" against ")
						.append(NAMES.get(goal.peer()))
						.append("'s ")
						.append(num(row.median(goal.peer())))
						.append(", ")
						.append(Double.isFinite(row.advantage(goal.peer()))
								? String.format(Locale.ROOT, "%.2f×", row.advantage(goal.peer())) : "–");
				}
				else {
					md.append(num(row.median("wsem"))).append(row.unit().isEmpty() ? "" : " " + row.unit());
				}
				md.append(" (target ")
					.append(goal.text())
					.append("): ")
					.append((met == null) ? "not measured" : met ? "**met**" : "**not met**")
					.append('\n');
			}
		}
		return md.append('\n').toString();
	}

	private double[] values(String target, String prefix, ToDoubleFunction<Results.Fanout> metric, String exactName) {
		return fanouts(target, prefix).stream()
			.filter((f) -> exactName == null || f.name().equals(exactName))
			.mapToDouble(metric)
			.toArray();
	}

	private Row row(String metric, boolean higher, String unit, java.util.function.Function<String, double[]> values,
			List<Goal> goal) {
		Map<String, double[]> map = new LinkedHashMap<>();
		for (String target : this.runs.keySet()) {
			map.put(target, values.apply(target));
		}
		return new Row(metric, higher, unit, map, goal);
	}

	// markdown

	String table() {
		StringBuilder md = new StringBuilder();
		List<String> targets = new ArrayList<>(this.runs.keySet());
		md.append("| metric |");
		targets.forEach((t) -> md.append(' ').append(NAMES.get(t)).append(" |"));
		targets.stream()
			.filter((t) -> !t.equals("wsem"))
			.forEach((t) -> md.append(" wsem vs ").append(NAMES.get(t)).append(" |"));
		md.append(" target |\n|---|");
		targets.forEach((t) -> md.append("---:|"));
		targets.stream().filter((t) -> !t.equals("wsem")).forEach((t) -> md.append("---:|"));
		md.append("---|\n");
		for (Row row : rows()) {
			md.append("| ")
				.append(row.metric())
				.append(row.unit().isEmpty() ? "" : " (" + row.unit() + ")")
				.append(" |");
			for (String t : targets) {
				md.append(' ').append(cell(row.values().get(t))).append(" |");
			}
			for (String t : targets) {
				if (!t.equals("wsem")) {
					double a = row.advantage(t);
					md.append(' ')
						.append(Double.isFinite(a) ? String.format(Locale.ROOT, "%.2f×", a) : "–")
						.append(" |");
				}
			}
			md.append(' ').append(row.goal()).append(" |\n");
		}
		return md.toString();
	}

	private static String cell(double[] values) {
		if (values == null || values.length == 0) {
			return "–";
		}
		double median = median(values);
		double min = Arrays.stream(values).min().orElse(median);
		double max = Arrays.stream(values).max().orElse(median);
		if (min == max) {
			return num(median);
		}
		return num(median) + " (" + num(min) + "–" + num(max) + ")";
	}

	static String num(double v) {
		if (!Double.isFinite(v)) {
			return "–";
		}
		if (v == 0) {
			return "0";
		}
		double a = Math.abs(v);
		if (a >= 10_000) {
			return String.format(Locale.ROOT, "%,.0f", v).replace(',', '\u202f');
		}
		if (a >= 100) {
			return String.format(Locale.ROOT, "%.0f", v);
		}
		if (a >= 10) {
			return String.format(Locale.ROOT, "%.1f", v);
		}
		return String.format(Locale.ROOT, "%.2f", v);
	}

	static String fmt(int n) {
		return String.format(Locale.ROOT, "%,d", n);
	}

	String markdown(Path dir, String command, int seconds, String notes) throws IOException {
		StringBuilder md = new StringBuilder();
		int reps = this.runs.values().stream().mapToInt(List::size).max().orElse(0);
		md.append("# Benchmarks\n\n");
		md.append("wsem against what users would pick instead, measured side by side in one run on one machine by `")
			.append(command)
			.append("` (")
			.append(seconds)
			.append(" s, ")
			.append(LocalDate.now())
			.append("). Every cell is the median of ")
			.append(reps)
			.append(" runs, each against a freshly started target, with the spread (min–max) in parentheses. ")
			.append("\"wsem vs X\" is how many times better wsem is than X on that line (above 1: wsem wins; ")
			.append("for throughput wsem/X, for costs and latency X/wsem).\n\n");
		md.append("![Throughput, latency, CPU and memory per connection](images/benchmarks.png)\n\n");
		md.append("## Results\n\n").append(table()).append('\n');
		md.append("\"Default JVM flags\" is a JVM started with `-Xmx` alone, what users run; \"tuned flags\" are the ")
			.append("bench's (below). Node has no such flags: its rows show the same runs.\n\n");
		md.append(goals());
		if (!twoNodeRuns().isEmpty()) {
			md.append(clusterTable());
		}
		md.append("## Every scenario (medians)\n\n");
		md.append(
				"| target | scenario | subscribers | published/s | delivered/s | p50 ms | p99 ms | max ms | lost | reordered | duplicated | closed by server | server CPU µs/delivery | generator CPU µs/delivery |\n");
		md.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
		for (String target : this.runs.keySet()) {
			for (Results.Fanout first : this.runs.get(target).get(0).fanouts()) {
				String name = first.name();
				List<Results.Fanout> all = this.runs.get(target)
					.stream()
					.flatMap((r) -> r.fanouts().stream())
					.filter((f) -> f.name().equals(name))
					.toList();
				md.append("| ")
					.append(NAMES.get(target))
					.append(" | ")
					.append(describe(name))
					.append(" | ")
					.append(fmt(first.subscribers()))
					.append(" | ")
					.append(num(med(all, Results.Fanout::publishedPerSecond)))
					.append(" | ")
					.append(num(med(all, Results.Fanout::deliveredPerSecond)))
					.append(" | ")
					.append(num(med(all, Results.Fanout::p50Millis)))
					.append(" | ")
					.append(num(med(all, Results.Fanout::p99Millis)))
					.append(" | ")
					.append(num(med(all, Results.Fanout::maxMillis)))
					.append(" | ")
					.append(sum(all, Results.Fanout::lost))
					.append(" | ")
					.append(sum(all, Results.Fanout::reordered))
					.append(" | ")
					.append(sum(all, Results.Fanout::duplicated))
					.append(" | ")
					.append(sum(all, (f) -> f.closed()))
					.append(" | ")
					.append(num(med(all, Results.Fanout::cpuMicrosPerMessage)))
					.append(" | ")
					.append(num(med(all, Results.Fanout::generatorCpuMicrosPerMessage)))
					.append(" |\n");
			}
		}
		md.append("\nLost, reordered, duplicated and closed are summed over the runs.\n\n");
		md.append("## Idle connections and connect storm (every run)\n\n");
		md.append(
				"| target | JVM flags | run | connections | ready in s | connections/s | all probed in s | heap before MiB | heap after MiB | heap per connection KiB | RSS before MiB | RSS after MiB | RSS per connection KiB |\n");
		md.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
		List<Map.Entry<String, Results.Run>> idleRuns = new ArrayList<>();
		for (String target : this.runs.keySet()) {
			this.runs.get(target).forEach((run) -> idleRuns.add(Map.entry(target, run)));
			this.defaultFlagRuns.getOrDefault(target, List.of())
				.forEach((run) -> idleRuns.add(Map.entry(target + "@default", run)));
		}
		for (Map.Entry<String, Results.Run> entry : idleRuns) {
			String target = entry.getKey().replace("@default", "");
			String flags = NODE_TARGETS.contains(target) ? "–"
					: entry.getKey().endsWith("@default") ? "default" : "tuned";
			Results.Run run = entry.getValue();
			Results.Idle idle = run.idle();
			md.append("| ")
				.append(NAMES.get(target))
				.append(" | ")
				.append(flags)
				.append(" | ")
				.append(run.repetition())
				.append(" | ")
				.append(fmt(idle.connections()))
				.append(" | ")
				.append(num(run.storm().readyMillis() / 1000))
				.append(" | ")
				.append(num(connectRate(run)))
				.append(" | ")
				.append(num(run.storm().probedMillis() / 1000))
				.append(" | ")
				.append(num(idle.heapBefore() / 1048576.0))
				.append(" | ")
				.append(num(idle.heapAfter() / 1048576.0))
				.append(" | ")
				.append(num(idle.heapPerConnection() / 1024))
				.append(" | ")
				.append(num(idle.rssBefore() / 1048576.0))
				.append(" | ")
				.append(num(idle.rssAfter() / 1048576.0))
				.append(" | ")
				.append(num(idle.rssPerConnection() / 1024))
				.append(" |\n");
		}
		List<String> runNotes = new ArrayList<>();
		this.runs.forEach((target, list) -> list.forEach((run) -> run.notes()
			.forEach((n) -> runNotes.add(NAMES.get(target) + " #" + run.repetition() + ": " + n))));
		this.defaultFlagRuns.forEach((target, list) -> list.forEach((run) -> run.notes()
			.forEach((n) -> runNotes.add(NAMES.get(target) + ", default JVM flags #" + run.repetition() + ": " + n))));
		this.clusterRuns.forEach(
				(run) -> run.notes().forEach((n) -> runNotes.add("wsem, two nodes #" + run.repetition() + ": " + n)));
		this.redisClusterRuns.forEach((run) -> run.notes()
			.forEach((n) -> runNotes.add("wsem, two nodes on Redis Cluster #" + run.repetition() + ": " + n)));
		if (!runNotes.isEmpty()) {
			md.append("\nWhat the generator noted:\n\n");
			runNotes.forEach((n) -> md.append("- ").append(n).append('\n'));
		}
		md.append("\n## Machine and versions\n\n");
		Machine.describe(dir).forEach((k, v) -> md.append("- ").append(k).append(": ").append(v).append('\n'));
		md.append('\n').append(notes);
		return md.toString();
	}

	/**
	 * The two-node table: wsem on one node beside wsem on two nodes over one Redis and,
	 * when it ran, over a Redis Cluster of three masters (sharded pub/sub), with the same
	 * subscribers (half on each node) and the publisher on the first node.
	 */
	String clusterTable() {
		int n = twoNodeRuns().get(0).fanouts().get(0).subscribers();
		Map<String, List<Results.Run>> columns = new LinkedHashMap<>();
		columns.put("one node", this.runs.getOrDefault("wsem", List.of()));
		if (!this.clusterRuns.isEmpty()) {
			columns.put("two nodes, Redis", this.clusterRuns);
		}
		if (!this.redisClusterRuns.isEmpty()) {
			columns.put("two nodes, Redis Cluster", this.redisClusterRuns);
		}
		StringBuilder md = new StringBuilder("## Two nodes (Redis, Redis Cluster)\n\n");
		md.append("wsem on one node beside wsem on two nodes (`wsem.cluster.type=redis`, each node its own JVM, ")
			.append("Debian's redis-server on loopback: one server, or a Redis Cluster of three masters and three ")
			.append("replicas with sharded pub/sub): ")
			.append(fmt(n))
			.append(" subscribers, half on each node, the publisher on the first node, so that half of every ")
			.append("fan-out crosses Redis. Medians of ")
			.append(this.clusterRuns.size() + this.redisClusterRuns.size())
			.append(" two-node runs; one node is the table above.\n\n");
		md.append("| scenario |");
		for (String metric : List.of("delivered msg/s", "p50 ms", "p99 ms")) {
			columns.keySet()
				.forEach((column) -> md.append(' ').append(metric).append(", ").append(column).append(" |"));
		}
		md.append(" lost, two nodes | reordered + duplicated, two nodes |\n|---|");
		md.append("---:|".repeat(columns.size() * 3 + 2)).append('\n');
		for (String scenario : List.of("max", "rate50", "rate200")) {
			String name = scenario + "-";
			Map<String, List<Results.Fanout>> cells = new LinkedHashMap<>();
			columns.forEach((column, list) -> cells.put(column,
					list.stream()
						.flatMap((r) -> r.fanouts().stream())
						.filter((f) -> column.equals("one node") ? f.name().equals(name + this.small)
								: f.name().startsWith(name))
						.toList()));
			md.append("| ").append(describe(scenario)).append(" |");
			for (ToDoubleFunction<Results.Fanout> metric : List.<ToDoubleFunction<Results.Fanout>>of(
					Results.Fanout::deliveredPerSecond, Results.Fanout::p50Millis, Results.Fanout::p99Millis)) {
				cells.values().forEach((all) -> md.append(' ').append(cell(all, metric)).append(" |"));
			}
			List<Results.Fanout> two = cells.entrySet()
				.stream()
				.filter((e) -> !e.getKey().equals("one node"))
				.flatMap((e) -> e.getValue().stream())
				.toList();
			md.append(' ')
				.append(sum(two, Results.Fanout::lost))
				.append(" | ")
				.append(sum(two, (f) -> f.reordered() + f.duplicated()))
				.append(" |\n");
		}
		return md.append('\n').toString();
	}

	private static String cell(List<Results.Fanout> all, ToDoubleFunction<Results.Fanout> metric) {
		return cell(all.stream().mapToDouble(metric).toArray());
	}

	private static String describe(String name) {
		String[] parts = name.split("-");
		return switch (parts[0]) {
			case "max" -> "as fast as possible";
			default -> parts[0].replace("rate", "") + " msg/s";
		};
	}

	private static double med(List<Results.Fanout> all, ToDoubleFunction<Results.Fanout> metric) {
		return median(all.stream().mapToDouble(metric).toArray());
	}

	private static long sum(List<Results.Fanout> all, java.util.function.ToLongFunction<Results.Fanout> metric) {
		return all.stream().mapToLong(metric).sum();
	}

	// plot

	void plot(File file) throws IOException {
		int w = 800;
		int h = 480;
		String s = fmt(this.small);
		String l = fmt(this.large);
		CategoryChart throughput = chart("Delivered messages per second (higher is better)", "msg/s", w, h);
		CategoryChart latency = chart("Latency at " + s + " subscribers (ms, log scale, lower is better)", "ms", w, h);
		latency.getStyler().setYAxisLogarithmic(true);
		// bars start at 0, which a log axis cannot show
		latency.getStyler().setYAxisMin(0.1);
		CategoryChart cpu = chart("Server CPU per delivery (µs, lower is better)", "µs", w, h);
		CategoryChart memory = chart("Memory per idle connection (KiB, lower is better)", "KiB", w, h);
		for (String target : this.runs.keySet()) {
			String name = NAMES.get(target);
			Color color = COLORS.get(target);
			throughput
				.addSeries(name, List.of(s + " subscribers", l + " subscribers"),
						List.of(median(values(target, "max", Results.Fanout::deliveredPerSecond, "max-" + this.small)),
								median(values(target, "max", Results.Fanout::deliveredPerSecond, "max-" + this.large))))
				.setFillColor(color);
			latency
				.addSeries(name, List.of("p50 @ 50/s", "p99 @ 50/s", "p50 @ 200/s", "p99 @ 200/s"),
						List.of(pos(median(values(target, "rate50", Results.Fanout::p50Millis, null))),
								pos(median(values(target, "rate50", Results.Fanout::p99Millis, null))),
								pos(median(values(target, "rate200", Results.Fanout::p50Millis, null))),
								pos(median(values(target, "rate200", Results.Fanout::p99Millis, null)))))
				.setFillColor(color);
			cpu.addSeries(name, List.of(s + " subscribers", l + " subscribers"), List.of(
					pos(median(values(target, "max", Results.Fanout::cpuMicrosPerMessage, "max-" + this.small))),
					pos(median(values(target, "max", Results.Fanout::cpuMicrosPerMessage, "max-" + this.large)))))
				.setFillColor(color);
			memory
				.addSeries(name, List.of("heap after GC", "RSS", "heap, default flags", "RSS, default flags"),
						List.of(pos(median(runValues(target, (r) -> r.idle().heapPerConnection() / 1024))),
								pos(median(runValues(target, (r) -> r.idle().rssPerConnection() / 1024))),
								pos(median(defaultFlagValues(target, (r) -> r.idle().heapPerConnection() / 1024))),
								pos(median(defaultFlagValues(target, (r) -> r.idle().rssPerConnection() / 1024)))))
				.setFillColor(color);
		}
		BufferedImage image = new BufferedImage(2 * w, 2 * h, BufferedImage.TYPE_INT_RGB);
		Graphics2D g = image.createGraphics();
		g.drawImage(BitmapEncoder.getBufferedImage(throughput), 0, 0, null);
		g.drawImage(BitmapEncoder.getBufferedImage(latency), w, 0, null);
		g.drawImage(BitmapEncoder.getBufferedImage(cpu), 0, h, null);
		g.drawImage(BitmapEncoder.getBufferedImage(memory), w, h, null);
		g.dispose();
		ImageIO.write(image, "png", file);
	}

	private static double pos(double v) {
		return (Double.isFinite(v) && v > 0.1) ? v : 0.1;
	}

	private static CategoryChart chart(String title, String yTitle, int w, int h) {
		CategoryChart chart = new CategoryChartBuilder().width(w).height(h).title(title).yAxisTitle(yTitle).build();
		org.knowm.xchart.style.CategoryStyler styler = chart.getStyler();
		styler.setLegendPosition(Styler.LegendPosition.OutsideS);
		styler.setLegendLayout(Styler.LegendLayout.Horizontal);
		styler.setChartBackgroundColor(Color.WHITE);
		styler.setPlotGridVerticalLinesVisible(false);
		chart.getStyler().setAvailableSpaceFill(0.8);
		chart.getStyler().setOverlapped(false);
		chart.getStyler().setLabelsVisible(false);
		chart.getStyler().setYAxisDecimalPattern("#,###.##");
		return chart;
	}

}
