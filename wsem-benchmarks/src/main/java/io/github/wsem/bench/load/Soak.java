package io.github.wsem.bench.load;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import tools.jackson.databind.json.JsonMapper;

/**
 * The soak scenario against the wsem target: {@code clients} clients, each looping
 * connect, register, receive for a random few seconds, disconnect, while a publisher
 * emits at a steady rate. Every client must get, with no gap, every event published
 * between its register's ack and its leaving; the target's heap after GC must come back
 * to its baseline, and its registry must be empty at the end.
 */
public final class Soak implements AutoCloseable {

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final int SOURCE_ADDRESSES = 60;

	private final String host = "127.0.0.1";

	private final int port;

	private final long pid;

	private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());

	private final Bootstrap bootstrap;

	private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	private final long epoch = System.nanoTime() - 1;

	private final AtomicLongArray sentAt;

	/**
	 * When the publisher got the ack of each event: the target had emitted it to every
	 * member by then.
	 */
	private final AtomicLongArray emittedAt;

	private volatile int published;

	private volatile boolean churning;

	private final long minHoldMillis;

	private final long maxHoldMillis;

	private final Set<SoakClient> open = ConcurrentHashMap.newKeySet();

	private final AtomicInteger connectionIndex = new AtomicInteger();

	private final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();

	final Counters counters = new Counters();

	/**
	 * Create a soak run.
	 * @param port the wsem target's port on 127.0.0.1
	 * @param pid the target's process id, for its RSS; 0 to skip it
	 * @param capacity the most events the publisher may publish
	 * @param minHoldMillis the shortest time a client stays registered
	 * @param maxHoldMillis the longest time a client stays registered
	 */
	public Soak(int port, long pid, int capacity, long minHoldMillis, long maxHoldMillis) {
		this.port = port;
		this.pid = pid;
		this.sentAt = new AtomicLongArray(capacity + 1);
		this.emittedAt = new AtomicLongArray(capacity + 1);
		this.minHoldMillis = minHoldMillis;
		this.maxHoldMillis = maxHoldMillis;
		this.bootstrap = new Bootstrap().group(this.group)
			.channel(NioSocketChannel.class)
			.option(ChannelOption.SO_REUSEADDR, true)
			.option(ChannelOption.TCP_NODELAY, true)
			.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 30_000);
	}

	/**
	 * Run the soak: warm up, take the baseline, churn, stop every client, and measure.
	 * @param clients the clients churning at a time
	 * @param rate the events published per second
	 * @param warmup the churn before the baseline
	 * @param duration the measured churn
	 * @return the figures
	 */
	public Result run(int clients, int rate, Duration warmup, Duration duration) throws InterruptedException {
		Instant started = Instant.now();
		String loadStart = ProcStats.loadAverage();
		SoakClient publisher = connect(true, 0);
		LoadGenerator.await(publisher::isReady, Duration.ofSeconds(30), "publisher ready");
		Thread publishing = new Thread(() -> publish(publisher, rate), "soak-publisher");
		publishing.setDaemon(true);
		publishing.start();
		log("warm-up " + warmup.toSeconds() + " s with " + clients + " clients");
		churn(clients, warmup);
		this.counters.reset();
		TargetMemory baseline = memory();
		long rssBaseline = rss();
		histogram("baseline");
		log("baseline heap " + mib(baseline.heapUsed()) + " MiB; churn " + duration.toSeconds() + " s");
		long start = System.nanoTime();
		this.churning = true;
		for (int i = 0; i < clients; i++) {
			connect(false, randomHold());
		}
		long half = start + duration.toNanos() / 2;
		int peakOpen = 0;
		TargetMemory during = null;
		while (System.nanoTime() - start < duration.toNanos()) {
			Thread.sleep(1000);
			peakOpen = Math.max(peakOpen, this.open.size());
			if (during == null && System.nanoTime() > half) {
				during = memory();
				log("half-time heap " + mib(during.heapUsed()) + " MiB, " + during.clients() + " clients, "
						+ this.counters.cycles.sum() + " cycles so far");
			}
		}
		stopChurn();
		int publishedCount = this.published;
		publishing.interrupt();
		publishing.join(5000);
		publisher.stop();
		long drained = System.nanoTime();
		TargetMemory end = memory();
		while (end.clients() + end.roomMembers() > 0 && System.nanoTime() - drained < TimeUnit.SECONDS.toNanos(30)) {
			Thread.sleep(500);
			end = memory();
		}
		long rssEnd = rss();
		histogram("end");
		return new Result(clients, rate, warmup.toSeconds(), duration.toSeconds(),
				started.truncatedTo(ChronoUnit.SECONDS).toString(), publishedCount, this.counters.cycles.sum(),
				this.counters.checked.sum(), this.counters.received.sum(), this.counters.gaps.sum(),
				this.counters.missedStart.sum(), this.counters.late.sum(), this.counters.reordered.sum(),
				this.counters.unexpectedCloses.sum(), this.counters.connectFailures.sum(),
				this.counters.afterLeave.sum(), this.counters.racedLeave.sum(), peakOpen, baseline, during, end,
				rssBaseline, rssEnd, loadStart, ProcStats.loadAverage(), List.copyOf(this.failures));
	}

	private void churn(int clients, Duration time) throws InterruptedException {
		this.churning = true;
		for (int i = 0; i < clients; i++) {
			connect(false, randomHold());
		}
		Thread.sleep(time.toMillis());
		stopChurn();
	}

	private void stopChurn() throws InterruptedException {
		this.churning = false;
		List.copyOf(this.open).forEach(SoakClient::stop);
		LoadGenerator.await(this.open::isEmpty, Duration.ofSeconds(60), "clients closed");
	}

	boolean isChurning() {
		return this.churning;
	}

	private void publish(SoakClient publisher, int rate) {
		double interval = 1e9 / rate;
		long start = System.nanoTime();
		for (int seq = 1; seq < this.sentAt.length() && !Thread.currentThread().isInterrupted(); seq++) {
			long due = start + (long) (seq * interval);
			long now;
			while ((now = System.nanoTime()) < due) {
				LockSupport.parkNanos(due - now);
				if (Thread.currentThread().isInterrupted()) {
					return;
				}
			}
			this.sentAt.set(seq, now);
			this.published = seq;
			publisher.send("{\"event\":\"bench\",\"data\":" + LoadGenerator.payload(seq, now - this.epoch) + ",\"ack\":"
					+ seq + "}");
		}
	}

	private long randomHold() {
		return ThreadLocalRandom.current().nextLong(this.minHoldMillis, this.maxHoldMillis + 1);
	}

	private SoakClient connect(boolean publisher, long holdMillis) {
		SoakClient client = new SoakClient(this, publisher, holdMillis);
		if (!publisher) {
			this.open.add(client);
		}
		URI uri = URI.create("ws://" + this.host + ":" + this.port + "/wsem");
		Bootstrap bootstrap = WebSocketBootstrap.to(this.bootstrap, uri, client);
		int source = 2 + (this.connectionIndex.getAndIncrement() % SOURCE_ADDRESSES);
		bootstrap.connect(new InetSocketAddress(this.host, this.port), new InetSocketAddress("127.0.0." + source, 0))
			.addListener((future) -> {
				if (!future.isSuccess()) {
					this.counters.connectFailures.increment();
					failure(String.valueOf(future.cause()));
					ended(client);
				}
			});
		return client;
	}

	void emitted(int seq, long nanos) {
		if (seq > 0 && seq < this.emittedAt.length()) {
			this.emittedAt.set(seq, nanos);
		}
	}

	/**
	 * A client got the ack of its unregister: count what it should have received, every
	 * event published after its register's ack and emitted before it asked to leave.
	 */
	void check(SoakClient client) {
		this.counters.cycles.increment();
		this.counters.received.add(client.received);
		this.counters.gaps.add(client.gaps);
		this.counters.reordered.add(client.reordered);
		int requiredFirst = firstAfter(this.sentAt, client.ackAt);
		int requiredLast = firstAfter(this.emittedAt, client.unregisterAt) - 1;
		if (requiredFirst > requiredLast) {
			return;
		}
		this.counters.checked.add(requiredLast - requiredFirst + 1);
		if (client.first < 0) {
			this.counters.missedStart.add(requiredLast - requiredFirst + 1);
			return;
		}
		if (client.first > requiredFirst) {
			this.counters.missedStart.add(Math.min(client.first, requiredLast + 1) - requiredFirst);
		}
		if (client.last < requiredLast) {
			this.counters.late.add(requiredLast - Math.max(client.last, requiredFirst - 1));
		}
	}

	/**
	 * Return the first sequence number whose time is after the given one (or not known
	 * yet), or one past the last published; the times grow with the sequence.
	 */
	private int firstAfter(AtomicLongArray times, long nanos) {
		int low = 1;
		int high = this.published + 1;
		while (low < high) {
			int mid = (low + high) >>> 1;
			long time = times.get(mid);
			if (time == 0 || time > nanos) {
				high = mid;
			}
			else {
				low = mid + 1;
			}
		}
		return low;
	}

	void unexpectedClose(SoakClient client) {
		this.counters.unexpectedCloses.increment();
	}

	/**
	 * An event reached a client after its unregister's ack: a fault if it was published
	 * after that ack, else an emit that raced the unregister.
	 */
	void afterLeave(int seq, long leftAt) {
		long sent = (seq > 0 && seq < this.sentAt.length()) ? this.sentAt.get(seq) : 0;
		((sent > leftAt) ? this.counters.afterLeave : this.counters.racedLeave).increment();
	}

	void ended(SoakClient client) {
		if (this.open.remove(client) && this.churning) {
			long pause = ThreadLocalRandom.current().nextLong(200);
			this.group.schedule(() -> {
				if (this.churning) {
					connect(false, randomHold());
				}
			}, pause, TimeUnit.MILLISECONDS);
		}
	}

	void failure(String why) {
		if (this.failures.size() < 10) {
			this.failures.add(why);
		}
	}

	private TargetMemory memory() {
		try {
			return TargetMemory.read(this.http, this.host, this.port);
		}
		catch (IOException | RuntimeException ex) {
			failure("memory not read: " + ex);
			return TargetMemory.UNKNOWN;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return TargetMemory.UNKNOWN;
		}
	}

	/**
	 * With {@code -Dsoak.histograms=DIR}, write the target's class histogram there.
	 */
	private void histogram(String name) {
		String dir = System.getProperty("soak.histograms");
		if (dir == null || this.pid <= 0) {
			return;
		}
		try {
			new ProcessBuilder("jcmd", Long.toString(this.pid), "GC.class_histogram")
				.redirectOutput(Path.of(dir, name + "-histogram.txt").toFile())
				.redirectErrorStream(true)
				.start()
				.waitFor(60, TimeUnit.SECONDS);
		}
		catch (IOException ex) {
			failure("histogram not written: " + ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private long rss() {
		return (this.pid > 0) ? ProcStats.rssBytes(this.pid) : -1;
	}

	private static String mib(long bytes) {
		return String.format("%.1f", bytes / 1048576.0);
	}

	private static void log(String what) {
		System.out.println("[soak] " + what);
	}

	@Override
	public void close() {
		this.group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
	}

	/**
	 * Run the soak against a running wsem target and write its figures as JSON and as
	 * Markdown.
	 * <p>
	 * Arguments:
	 * {@code PORT PID SECONDS CLIENTS RATE WARMUP_SECONDS OUT.json OUT.md COMMAND}.
	 */
	public static void main(String[] args) throws Exception {
		int port = Integer.parseInt(args[0]);
		long pid = Long.parseLong(args[1]);
		int seconds = Integer.parseInt(args[2]);
		int clients = Integer.parseInt(args[3]);
		int rate = Integer.parseInt(args[4]);
		int warmup = Integer.parseInt(args[5]);
		Path json = Path.of(args[6]);
		Path markdown = Path.of(args[7]);
		String command = args[8];
		int capacity = rate * (seconds + warmup + 120);
		Result result;
		try (Soak soak = new Soak(port, pid, capacity, 1000, 8000)) {
			result = soak.run(clients, rate, Duration.ofSeconds(warmup), Duration.ofSeconds(seconds));
		}
		Files.createDirectories(json.toAbsolutePath().getParent());
		Soak.json.writerWithDefaultPrettyPrinter().writeValue(json.toFile(), result);
		Files.createDirectories(markdown.toAbsolutePath().getParent());
		Files.writeString(markdown, SoakReport.markdown(result, command));
		System.out.println(SoakReport.summary(result));
		System.exit(result.passed() ? 0 : 1);
	}

	/**
	 * The figures of one soak run.
	 */
	public record Result(int clients, int rate, long warmupSeconds, long seconds, String started, int published,
			long cycles, long checked, long received, long gaps, long missedStart, long late, long reordered,
			long unexpectedCloses, long connectFailures, long afterLeave, long racedLeave, int peakOpen,
			TargetMemory baseline, TargetMemory during, TargetMemory end, long rssBaseline, long rssEnd,
			String loadStart, String loadEnd, List<String> failures) {

		/** The end's heap after GC over the baseline's, minus one. */
		public double heapGrowth() {
			return (double) (this.end.heapUsed() - this.baseline.heapUsed()) / this.baseline.heapUsed();
		}

		/** Events that a registered client never got. */
		public long lost() {
			return this.gaps + this.missedStart + this.late;
		}

		public boolean passed() {
			return Math.abs(heapGrowth()) <= 0.10 && this.end.clients() == 0 && this.end.roomMembers() == 0
					&& lost() == 0 && this.reordered == 0 && this.unexpectedCloses == 0 && this.connectFailures == 0
					&& this.afterLeave == 0;
		}

	}

	static final class Counters {

		final LongAdder cycles = new LongAdder();

		final LongAdder checked = new LongAdder();

		final LongAdder received = new LongAdder();

		final LongAdder gaps = new LongAdder();

		final LongAdder missedStart = new LongAdder();

		final LongAdder late = new LongAdder();

		final LongAdder reordered = new LongAdder();

		final LongAdder unexpectedCloses = new LongAdder();

		final LongAdder connectFailures = new LongAdder();

		final LongAdder afterLeave = new LongAdder();

		final LongAdder racedLeave = new LongAdder();

		void reset() {
			for (LongAdder adder : List.of(this.cycles, this.checked, this.received, this.gaps, this.missedStart,
					this.late, this.reordered, this.unexpectedCloses, this.connectFailures, this.afterLeave,
					this.racedLeave)) {
				adder.reset();
			}
		}

	}

}
