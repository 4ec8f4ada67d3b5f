package io.github.wsem.bench.load;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import org.HdrHistogram.Histogram;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one load generator of the benchmark: holds thousands of WebSocket connections on
 * Netty (NIO), speaks each target's protocol, and measures connect storms, idle memory
 * and fan-out (throughput, latency, loss, order, CPU per delivery).
 *
 * <p>
 * All connections go to {@code 127.0.0.1} from source addresses
 * {@code 127.0.0.2}...{@code 127.0.0.61}, so that ephemeral ports never run out.
 */
public final class LoadGenerator implements AutoCloseable {

	private static final int CAPACITY = 1 << 20;

	private static final int HANDSHAKES_IN_FLIGHT = 200;

	/**
	 * Deliveries in flight at most when publishing as fast as possible: 16 messages to
	 * 1,000 subscribers.
	 */
	private static final int WINDOW_DELIVERIES = Integer.getInteger("bench.windowDeliveries", 16_000);

	private static final int SOURCE_ADDRESSES = 60;

	/**
	 * The fan-out scenarios to run after the storm, by name: {@code large} (as fast as
	 * possible to every connection), {@code small} (as fast as possible to the small
	 * group), {@code rate50}, {@code rate200}; {@code none} for the storm and idle memory
	 * alone.
	 */
	private static final java.util.Set<String> SCENARIOS = java.util.Set
		.of(System.getProperty("bench.scenarios", "large,small,rate50,rate200").split("[, ]+"));

	private static final String TEXT = "\"text\":\"buy a bottle of milk and a loaf of bread\",\"done\":false,\"by\":\"bench\"}";

	private final Protocol protocol;

	private final String host;

	private final int port;

	/**
	 * The ports subscribers connect to, in turn: one node, or every node of a cluster.
	 */
	private final int[] subscriberPorts;

	private final long pid;

	private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());

	private final Bootstrap bootstrap;

	private final long epoch = System.nanoTime() - 1;

	private final Semaphore handshakes = new Semaphore(HANDSHAKES_IN_FLIGHT);

	private final AtomicInteger readyCount = new AtomicInteger();

	private final AtomicInteger failedCount = new AtomicInteger();

	private final AtomicInteger closedCount = new AtomicInteger();

	private final Map<Conn, Boolean> settled = new java.util.concurrent.ConcurrentHashMap<>();

	private final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();

	private final List<String> notes = Collections.synchronizedList(new ArrayList<>());

	private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	private volatile Scenario scenario;

	private int nextBase = 1;

	private int connectionIndex;

	private Conn publisher;

	/**
	 * Create a generator for one target.
	 * @param protocol {@code wsem}, {@code raw}, {@code stomp} or {@code socketio}
	 * @param port the target's port on 127.0.0.1
	 * @param pid the target's process id, for CPU and RSS; 0 to skip them
	 */
	public LoadGenerator(String protocol, int port, long pid) {
		this(protocol, new int[] { port }, pid);
	}

	/**
	 * Create a generator for the nodes of a cluster: the publisher connects to the first,
	 * subscribers to each in turn.
	 * @param protocol {@code wsem}, {@code raw}, {@code stomp} or {@code socketio}
	 * @param ports the nodes' ports on 127.0.0.1
	 * @param pid the first node's process id, for CPU and RSS; 0 to skip them
	 */
	public LoadGenerator(String protocol, int[] ports, long pid) {
		this(Protocol.of(protocol), ports, pid);
	}

	private LoadGenerator(Protocol protocol, int[] ports, long pid) {
		this.protocol = protocol;
		this.host = "127.0.0.1";
		this.port = ports[0];
		this.subscriberPorts = ports.clone();
		this.pid = pid;
		this.bootstrap = new Bootstrap().group(this.group)
			.channel(NioSocketChannel.class)
			.option(ChannelOption.SO_REUSEADDR, true)
			.option(ChannelOption.TCP_NODELAY, true)
			.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 30_000);
	}

	// connections

	/**
	 * Connect the publisher and wait until its protocol handshake is done.
	 */
	public void connectPublisher() throws InterruptedException {
		this.publisher = connect(false);
		await(() -> this.publisher.isReady(), Duration.ofSeconds(30), "publisher ready");
	}

	/**
	 * Connect and subscribe {@code count} subscribers, at most
	 * {@value #HANDSHAKES_IN_FLIGHT} handshakes at a time, then send probes until each
	 * has one.
	 * @return the storm's timings; {@code subscribers} receives the ready connections
	 */
	public Results.Storm storm(int count, List<Conn> subscribers) throws InterruptedException {
		int ready0 = this.readyCount.get();
		int failed0 = this.failedCount.get();
		long start = System.nanoTime();
		long cpu0 = cpuTicks();
		long self0 = ProcStats.cpuTicks(ProcessHandle.current().pid());
		List<Conn> all = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			if (!this.handshakes.tryAcquire(60, TimeUnit.SECONDS)) {
				this.notes.add("handshake permits exhausted after " + i + " connections");
				break;
			}
			all.add(connect(true));
		}
		await(() -> this.readyCount.get() - ready0 + this.failedCount.get() - failed0 >= all.size(),
				Duration.ofSeconds(120), "subscribers ready");
		long ready = System.nanoTime();
		long cpu1 = cpuTicks();
		long self1 = ProcStats.cpuTicks(ProcessHandle.current().pid());
		for (Conn conn : all) {
			if (conn.isReady() && !conn.isLost()) {
				subscribers.add(conn);
			}
		}
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
		// one probe at a time, another after a second at most: a probe that reached the
		// target before some subscription did must not pile up behind 10,000 others
		while (System.nanoTime() < deadline && !allProbed(subscribers)) {
			this.publisher.send(this.protocol.publish(payload(0, System.nanoTime() - this.epoch)));
			long next = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
			while (System.nanoTime() < next && !allProbed(subscribers)) {
				Thread.sleep(5);
			}
		}
		long probed = System.nanoTime();
		long notProbed = subscribers.stream().filter((c) -> !c.isProbed()).count();
		if (notProbed > 0) {
			this.notes.add(notProbed + " subscribers never got a probe");
		}
		double perTick = 1e6 / ProcStats.TICKS_PER_SECOND / Math.max(1, subscribers.size());
		return new Results.Storm(count, subscribers.size(), count - subscribers.size(), millis(ready - start),
				millis(probed - start), (cpu0 >= 0 && cpu1 >= 0) ? (cpu1 - cpu0) * perTick : -1,
				(self1 - self0) * perTick);
	}

	private static boolean allProbed(List<Conn> subscribers) {
		for (Conn conn : subscribers) {
			if (!conn.isProbed()) {
				return false;
			}
		}
		return true;
	}

	private Conn connect(boolean subscriber) {
		Conn conn = new Conn(this, this.protocol, subscriber);
		int port = subscriber ? this.subscriberPorts[this.connectionIndex % this.subscriberPorts.length] : this.port;
		URI uri = URI.create("ws://" + this.host + ":" + port + this.protocol.path());
		Bootstrap bootstrap = WebSocketBootstrap.to(this.bootstrap, uri, conn);
		int source = 2 + (this.connectionIndex++ % SOURCE_ADDRESSES);
		bootstrap.connect(new InetSocketAddress(this.host, port), new InetSocketAddress("127.0.0." + source, 0))
			.addListener((future) -> {
				if (!future.isSuccess()) {
					failed(conn, String.valueOf(future.cause()));
				}
			});
		return conn;
	}

	void ready(Conn conn) {
		if (conn.subscriber() && this.settled.putIfAbsent(conn, Boolean.TRUE) == null) {
			this.readyCount.incrementAndGet();
			this.handshakes.release();
		}
	}

	void failed(Conn conn, String why) {
		if (this.failures.size() < 5) {
			this.failures.add(why);
		}
		if (conn.subscriber() && this.settled.putIfAbsent(conn, Boolean.TRUE) == null) {
			this.failedCount.incrementAndGet();
			this.handshakes.release();
		}
	}

	void closed(Conn conn) {
		this.closedCount.incrementAndGet();
		if (!conn.isReady()) {
			failed(conn, "closed before ready");
		}
	}

	Scenario scenario() {
		return this.scenario;
	}

	long epoch() {
		return this.epoch;
	}

	/**
	 * Close connections and wait until they are closed.
	 */
	public void close(List<Conn> conns) throws InterruptedException {
		for (Conn conn : conns) {
			conn.close();
		}
		for (Conn conn : conns) {
			if (conn.channel() != null) {
				conn.channel().closeFuture().await(5, TimeUnit.SECONDS);
			}
		}
		for (Conn conn : conns) {
			this.settled.remove(conn);
		}
	}

	// memory

	/**
	 * Ask the target to collect garbage and answer its heap in use.
	 * @return the heap in bytes, or -1 if the target did not answer
	 */
	public long heapAfterGc() {
		try {
			return TargetMemory.read(this.http, this.host, this.port).heapUsed();
		}
		catch (IOException | RuntimeException ex) {
			this.notes.add("heap not read: " + ex);
			return -1;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return -1;
		}
	}

	public long rss() {
		return (this.pid > 0) ? ProcStats.rssBytes(this.pid) : -1;
	}

	// fan-out

	/**
	 * Publish from the publisher to {@code subscribers} for {@code warmup} plus
	 * {@code measure}, at {@code rate} messages per second (0: as fast as a window of
	 * {@code window} messages not yet delivered to everyone allows), or until
	 * {@code limit} messages; then wait for the stragglers and count.
	 */
	public Results.Fanout fanout(String name, List<Conn> subscribers, int rate, int window, int limit, Duration warmup,
			Duration measure) throws InterruptedException {
		int subs = subscribers.size();
		int closed0 = this.closedCount.get();
		long start = System.nanoTime();
		long from = start + warmup.toNanos();
		long to = from + measure.toNanos();
		int base = this.nextBase;
		Scenario sc = new Scenario(base, subs, Math.min(limit, CAPACITY), from, to);
		this.nextBase = base + sc.capacity;
		sc.publisher = Thread.currentThread();
		this.scenario = sc;
		double interval = (rate > 0) ? 1e9 / rate : 0;
		long cpu0 = -1;
		long self0 = -1;
		long cpu1 = -1;
		long self1 = -1;
		boolean measuring = false;
		int windowStart = -1;
		int windowEnd = -1;
		int next = 0;
		int oldest = 0;
		while (next < sc.capacity) {
			long now = System.nanoTime();
			if (!measuring && now >= from) {
				measuring = true;
				cpu0 = cpuTicks();
				self0 = ProcStats.cpuTicks(ProcessHandle.current().pid());
				windowStart = next;
			}
			if (now >= to) {
				break;
			}
			if (rate > 0) {
				long due = start + (long) (next * interval);
				if (due > now) {
					LockSupport.parkNanos(Math.min(due, to) - now);
					continue;
				}
			}
			if (next - oldest >= window) {
				int expected = subs - (this.closedCount.get() - closed0);
				while (oldest < next && (sc.reached.get(oldest) >= expected
						|| now - sc.sentAt[oldest] > TimeUnit.SECONDS.toNanos(2))) {
					oldest++;
				}
				if (next - oldest >= window) {
					sc.waitingFor = oldest;
					if (sc.reached.get(oldest) < expected) {
						LockSupport.parkNanos(1_000_000);
					}
					sc.waitingFor = -1;
					continue;
				}
			}
			long sent = System.nanoTime();
			sc.sentAt[next] = sent;
			this.publisher.send(this.protocol.publish(payload(base + next, sent - this.epoch)));
			next++;
		}
		if (measuring) {
			cpu1 = cpuTicks();
			self1 = ProcStats.cpuTicks(ProcessHandle.current().pid());
			windowEnd = next;
		}
		long stopped = System.nanoTime();
		int published = next;
		long drainDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
		long lastTotal = -1;
		long lastProgress = System.nanoTime();
		while (System.nanoTime() < drainDeadline) {
			long total = sc.delivered.sum();
			int expected = subs - (this.closedCount.get() - closed0);
			if (total >= (long) published * expected) {
				break;
			}
			if (total != lastTotal) {
				lastTotal = total;
				lastProgress = System.nanoTime();
			}
			else if (System.nanoTime() - lastProgress > TimeUnit.SECONDS.toNanos(3)) {
				break;
			}
			Thread.sleep(20);
		}
		long delivered = sc.delivered.sum();
		long lost = (long) published * subs - delivered;
		Histogram latency = sc.latency.getIntervalHistogram();
		double seconds = measuring ? (Math.min(stopped, to) - from) / 1e9 : (stopped - start) / 1e9;
		long inWindow = measuring ? sc.deliveredInWindow.sum() : delivered;
		double perSecond = inWindow / seconds;
		double cpuPerMessage = (cpu0 >= 0 && cpu1 >= 0 && inWindow > 0)
				? (cpu1 - cpu0) * (1e6 / ProcStats.TICKS_PER_SECOND) / inWindow : -1;
		double selfPerMessage = (self0 >= 0 && self1 >= 0 && inWindow > 0)
				? (self1 - self0) * (1e6 / ProcStats.TICKS_PER_SECOND) / inWindow : -1;
		double publishedPerSecond = (windowEnd >= 0) ? (windowEnd - windowStart) / seconds : published / seconds;
		int closed = this.closedCount.get() - closed0;
		return new Results.Fanout(name, subs, rate, window, seconds, published, publishedPerSecond, perSecond,
				latency.getValueAtPercentile(50) / 1000.0, latency.getValueAtPercentile(99) / 1000.0,
				latency.getMaxValue() / 1000.0, lost, sc.reordered.sum(), sc.duplicated.sum(), sc.stale.sum(),
				cpuPerMessage, selfPerMessage, closed);
	}

	private long cpuTicks() {
		return (this.pid > 0) ? ProcStats.cpuTicks(this.pid) : -1;
	}

	List<String> notes() {
		List<String> all = new ArrayList<>(this.notes);
		this.failures.forEach((f) -> all.add("failure: " + f));
		return all;
	}

	int closedCount() {
		return this.closedCount.get();
	}

	static String payload(long seq, long sentNanos) {
		return "{\"seq\":" + seq + ",\"t\":" + sentNanos + "," + TEXT;
	}

	private static double millis(long nanos) {
		return nanos / 1e6;
	}

	/**
	 * Poll a condition every 5 ms until it holds.
	 * @throws IllegalStateException if it does not hold within the timeout
	 */
	static void await(java.util.function.BooleanSupplier condition, Duration timeout, String what)
			throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("Timed out waiting for " + what);
			}
			Thread.sleep(5);
		}
	}

	@Override
	public void close() {
		this.group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
	}

	// the whole run against one target

	/**
	 * Run every scenario against one target and write the results as JSON.
	 * <p>
	 * Arguments: {@code TARGET PORT PID REPETITION OUT.json [CONNECTIONS SMALL SECONDS]};
	 * for {@code wsem-cluster} and {@code wsem-redis-cluster}, {@code PORT} is the nodes'
	 * ports separated by commas, and only {@code SMALL} subscribers are connected, spread
	 * over the nodes.
	 */
	public static void main(String[] args) throws Exception {
		String target = args[0];
		int[] ports = java.util.Arrays.stream(args[1].split(",")).mapToInt(Integer::parseInt).toArray();
		long pid = Long.parseLong(args[2]);
		int repetition = Integer.parseInt(args[3]);
		Path out = Path.of(args[4]);
		int connections = (args.length > 5) ? Integer.parseInt(args[5]) : 10_000;
		int small = (args.length > 6) ? Integer.parseInt(args[6]) : 1_000;
		int seconds = (args.length > 7) ? Integer.parseInt(args[7]) : 6;
		Duration measure = Duration.ofSeconds(seconds);
		boolean cluster = target.equals("wsem-cluster") || target.equals("wsem-redis-cluster");
		try (LoadGenerator generator = new LoadGenerator(Protocol.ofTarget(target), ports, pid)) {
			Results.Run run = cluster ? generator.runCluster(target, repetition, small, measure)
					: generator.runAll(target, repetition, connections, small, measure);
			Files.createDirectories(out.toAbsolutePath().getParent());
			JsonMapper.builder().build().writerWithDefaultPrettyPrinter().writeValue(out.toFile(), run);
			System.out.println(summary(run));
		}
		System.exit(0);
	}

	Results.Run runAll(String target, int repetition, int connections, int small, Duration measure)
			throws InterruptedException {
		log(target, "baseline");
		long heap0 = heapAfterGc();
		long rss0 = rss();
		connectPublisher();
		List<Conn> subscribers = new ArrayList<>(connections);
		log(target, "storm of " + connections);
		Results.Storm storm = storm(connections, subscribers);
		Results.Idle idle = idle(subscribers.size(), heap0, rss0);
		int n = subscribers.size();
		Thread.sleep(Long.getLong("bench.holdMillis", 0));
		List<Results.Fanout> fanouts = new ArrayList<>();
		Duration warmup = Duration.ofSeconds(2);
		if (SCENARIOS.contains("large")) {
			log(target, "fan-out to " + n);
			fanouts
				.add(fanout("max-" + n, subscribers, 0, Math.max(2, WINDOW_DELIVERIES / n), CAPACITY, warmup, measure));
		}
		List<Conn> keep = new ArrayList<>(subscribers.subList(0, Math.min(small, subscribers.size())));
		close(new ArrayList<>(subscribers.subList(keep.size(), subscribers.size())));
		keep.removeIf(Conn::isLost);
		Thread.sleep(1000);
		int k = keep.size();
		if (SCENARIOS.contains("small")) {
			log(target, "fan-out to " + k);
			fanouts.add(fanout("max-" + k, keep, 0, Math.max(2, WINDOW_DELIVERIES / k), CAPACITY, Duration.ofSeconds(1),
					measure));
		}
		fixedRates(target, fanouts, keep, measure);
		close(keep);
		close(List.of(this.publisher));
		return new Results.Run(target, repetition, connections, storm, idle, fanouts, notes());
	}

	/**
	 * Run the fan-out scenarios of {@code subscribers} subscribers spread over the nodes
	 * of a cluster, with the publisher on the first node.
	 */
	Results.Run runCluster(String target, int repetition, int subscribers, Duration measure)
			throws InterruptedException {
		log(target, "baseline");
		long heap0 = heapAfterGc();
		long rss0 = rss();
		connectPublisher();
		List<Conn> subs = new ArrayList<>(subscribers);
		log(target, "storm of " + subscribers + " over " + this.subscriberPorts.length + " nodes");
		Results.Storm storm = storm(subscribers, subs);
		Results.Idle idle = idle(subs.size(), heap0, rss0);
		int n = subs.size();
		List<Results.Fanout> fanouts = new ArrayList<>();
		if (SCENARIOS.contains("small")) {
			log(target, "fan-out to " + n);
			fanouts.add(fanout("max-" + n, subs, 0, Math.max(2, WINDOW_DELIVERIES / n), CAPACITY, Duration.ofSeconds(2),
					measure));
		}
		fixedRates(target, fanouts, subs, measure);
		close(subs);
		close(List.of(this.publisher));
		List<String> notes = notes();
		notes.add(0, "heap, RSS and CPU are node A's (the publisher's node; half of the subscribers)");
		return new Results.Run(target, repetition, subscribers, storm, idle, fanouts, notes);
	}

	/**
	 * Heap and RSS per connection once the storm has settled, against the baseline.
	 */
	private Results.Idle idle(int n, long heap0, long rss0) throws InterruptedException {
		Thread.sleep(1000);
		long heap1 = heapAfterGc();
		long rss1 = rss();
		return new Results.Idle(n, heap0, heap1, rss0, rss1, (heap1 - heap0) / (double) n, (rss1 - rss0) / (double) n);
	}

	/**
	 * The fixed-rate scenarios: at most one second of messages in flight, so that a
	 * target that cannot keep up publishes less (reported) instead of queueing without
	 * bound.
	 */
	private void fixedRates(String target, List<Results.Fanout> fanouts, List<Conn> subscribers, Duration measure)
			throws InterruptedException {
		for (int rate : new int[] { 50, 200 }) {
			if (!SCENARIOS.contains("rate" + rate)) {
				continue;
			}
			subscribers.removeIf(Conn::isLost);
			log(target, rate + " msg/s to " + subscribers.size());
			fanouts.add(fanout("rate" + rate + "-" + subscribers.size(), subscribers, rate, rate, CAPACITY,
					Duration.ofSeconds(1), measure));
		}
	}

	private static void log(String target, String what) {
		System.out.println("[" + target + "] " + what);
	}

	static String summary(Results.Run run) {
		StringBuilder text = new StringBuilder();
		text.append(String.format(
				"%s #%d storm %d/%d ready %.0f ms probed %.0f ms cpu %.0f us/connection gen %.0f; idle heap %.1f KiB rss %.1f KiB per connection%n",
				run.target(), run.repetition(), run.storm().ready(), run.storm().requested(), run.storm().readyMillis(),
				run.storm().probedMillis(), run.storm().serverCpuMicrosPerConnection(),
				run.storm().generatorCpuMicrosPerConnection(), run.idle().heapPerConnection() / 1024,
				run.idle().rssPerConnection() / 1024));
		for (Results.Fanout f : run.fanouts()) {
			text.append(String.format(
					"  %-14s %8.0f msg/s (pub %6.1f/s) p50 %7.2f p99 %7.2f max %7.1f ms lost %d reord %d dup %d cpu %.2f us/msg gen %.2f closed %d%n",
					f.name(), f.deliveredPerSecond(), f.publishedPerSecond(), f.p50Millis(), f.p99Millis(),
					f.maxMillis(), f.lost(), f.reordered(), f.duplicated(), f.cpuMicrosPerMessage(),
					f.generatorCpuMicrosPerMessage(), f.closed()));
		}
		run.notes().forEach((note) -> text.append("  note: ").append(note).append('\n'));
		return text.toString();
	}

}
