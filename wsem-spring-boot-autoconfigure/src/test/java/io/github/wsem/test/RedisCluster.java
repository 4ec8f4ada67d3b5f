package io.github.wsem.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;

import static org.awaitility.Awaitility.await;

/**
 * A real Redis Cluster of six {@code redis-server} processes on free loopback ports:
 * three masters, each with one replica, a {@code cluster-node-timeout} of two seconds so
 * that a replica takes over a killed master within a few seconds. Started once per test
 * JVM ({@link #shared()}) and stopped, process by process, when the JVM exits; test
 * classes that share it call {@link #reset()} first.
 */
public final class RedisCluster implements RedisEndpoint {

	private static final String SERVER = System.getenv().getOrDefault("WSEM_REDIS_SERVER", "/usr/bin/redis-server");

	private static final String CLI = System.getenv().getOrDefault("WSEM_REDIS_CLI", "/usr/bin/redis-cli");

	/** The cluster bus listens on port + 10000, which must stay a valid port. */
	private static final int HIGHEST_PORT = 65535 - 10000;

	private static final Duration NODE_TIMEOUT = Duration.ofSeconds(2);

	private static RedisCluster shared;

	private final Path directory;

	private final List<Instance> instances = new ArrayList<>();

	private RedisCluster(int size) {
		try {
			this.directory = Files.createTempDirectory("wsem-redis-cluster");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		for (int port : freePorts(size)) {
			this.instances.add(new Instance(port));
		}
		this.instances.forEach(Instance::start);
		create();
	}

	/**
	 * Return the cluster of this JVM, starting it on first use.
	 * @return the running cluster
	 */
	public static synchronized RedisCluster shared() {
		if (shared == null) {
			shared = new RedisCluster(6);
			RedisCluster cluster = shared;
			Runtime.getRuntime().addShutdownHook(new Thread(cluster::stop, "wsem-redis-cluster-stop"));
		}
		return shared;
	}

	@Override
	public List<String> springProperties() {
		return List.of("--spring.data.redis.cluster.nodes=" + this.instances.stream()
			.map((instance) -> "127.0.0.1:" + instance.port)
			.collect(Collectors.joining(",")), "--spring.data.redis.timeout=1s");
	}

	/**
	 * Kill every instance.
	 */
	@Override
	public void kill() {
		this.instances.forEach(Instance::kill);
	}

	/**
	 * Start the killed instances again, each from its cluster configuration file, and
	 * wait until the cluster is whole.
	 */
	@Override
	public void restart() {
		this.instances.stream().filter((instance) -> !instance.isAlive()).forEach(Instance::start);
		awaitHealthy();
	}

	/**
	 * Restart killed instances, wait until the cluster is whole and delete every key, so
	 * that a test class starts on an empty cluster.
	 */
	public void reset() {
		restart();
		for (Instance master : masters()) {
			await().atMost(Duration.ofSeconds(10))
				.ignoreExceptions()
				.until(() -> "OK".equals(master.call((redis) -> redis.flushall())));
		}
	}

	@Override
	public void pauseWrites(String key, Duration duration) {
		instance(masterOf(slot(key)))
			.call((redis) -> redis.dispatch(CommandType.CLIENT, new StatusOutput<>(StringCodec.UTF8),
					new CommandArgs<>(StringCodec.UTF8).add("PAUSE").add(duration.toMillis()).add("WRITE")));
	}

	@Override
	public boolean apart(String key, String other) {
		return masterOf(slot(key)) != masterOf(slot(other));
	}

	/**
	 * Return the hash slot of a key or channel, as Redis computes it.
	 * @param key the key or channel
	 * @return the slot
	 */
	public static int slot(String key) {
		return SlotHash.getSlot(key);
	}

	/**
	 * Return the port of the master that serves a slot now.
	 * @param slot the slot
	 * @return the master's port
	 */
	public int masterOf(int slot) {
		return masters().stream()
			.filter((master) -> master.servesSlot(slot))
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("No master serves slot " + slot)).port;
	}

	/**
	 * Kill one instance at once, as a crash would.
	 * @param port the instance's port
	 */
	public void kill(int port) {
		instance(port).kill();
	}

	/**
	 * Wait until a live master other than {@code previous} serves the slot, as every live
	 * instance sees it, and the cluster is whole again.
	 * @param slot the slot
	 * @param previous the port of the master that served it
	 * @param timeout how long to wait at most
	 * @return the port of the new master
	 */
	public int awaitFailover(int slot, int previous, Duration timeout) {
		await().atMost(timeout).pollInterval(Duration.ofMillis(100)).ignoreExceptions().until(() -> {
			int now = masterOf(slot);
			return now != previous && live().stream().allMatch(Instance::isClusterOk);
		});
		return masterOf(slot);
	}

	private void create() {
		List<String> command = new ArrayList<>(List.of(CLI, "--cluster", "create"));
		this.instances.forEach((instance) -> command.add("127.0.0.1:" + instance.port));
		command.addAll(List.of("--cluster-replicas", "1", "--cluster-yes"));
		try {
			Process create = new ProcessBuilder(command).redirectErrorStream(true).start();
			String output = new String(create.getInputStream().readAllBytes());
			if (!create.waitFor(60, TimeUnit.SECONDS) || create.exitValue() != 0) {
				throw new IllegalStateException("redis-cli --cluster create failed:\n" + output);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		awaitHealthy();
	}

	private void awaitHealthy() {
		await().atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(100))
			.ignoreExceptions()
			.until(() -> this.instances.stream().allMatch(Instance::isClusterOk) && masters().size() == 3
					&& Stream.of(0, 5461, 10923, 16383)
						.allMatch(
								(slot) -> masters().stream().filter((master) -> master.servesSlot(slot)).count() == 1));
	}

	private List<Instance> masters() {
		return live().stream().filter(Instance::isMaster).toList();
	}

	private List<Instance> live() {
		return this.instances.stream().filter(Instance::isAlive).toList();
	}

	private Instance instance(int port) {
		return this.instances.stream()
			.filter((instance) -> instance.port == port)
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException("No instance on port " + port));
	}

	private void stop() {
		this.instances.forEach(Instance::kill);
		this.instances.forEach((instance) -> instance.client.shutdown(Duration.ZERO, Duration.ofSeconds(1)));
		try (Stream<Path> files = Files.walk(this.directory)) {
			files.sorted(Comparator.reverseOrder()).forEach((file) -> file.toFile().delete());
		}
		catch (IOException ex) {
			// a temporary directory
		}
	}

	/**
	 * Ports below {@link #HIGHEST_PORT} that are free, each with its bus port.
	 */
	private static List<Integer> freePorts(int count) {
		Set<Integer> ports = new HashSet<>();
		while (ports.size() < count) {
			int port = ThreadLocalRandom.current().nextInt(20_000, HIGHEST_PORT - 1);
			if (!ports.contains(port) && !ports.contains(port + 10_000) && !ports.contains(port - 10_000)
					&& isFree(port) && isFree(port + 10_000)) {
				ports.add(port);
			}
		}
		return List.copyOf(ports);
	}

	private static boolean isFree(int port) {
		try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	private final class Instance {

		private final int port;

		private final RedisClient client;

		private Process process;

		Instance(int port) {
			this.port = port;
			this.client = RedisClient
				.create(RedisURI.Builder.redis("127.0.0.1", port).withTimeout(Duration.ofSeconds(1)).build());
		}

		void start() {
			try {
				this.process = new ProcessBuilder(SERVER, "--port", String.valueOf(this.port), "--bind", "127.0.0.1",
						"--protected-mode", "no", "--save", "", "--appendonly", "no", "--cluster-enabled", "yes",
						"--cluster-node-timeout", String.valueOf(NODE_TIMEOUT.toMillis()),
						"--cluster-replica-validity-factor", "0", "--cluster-config-file",
						"nodes-" + this.port + ".conf", "--dir", RedisCluster.this.directory.toString())
					.redirectErrorStream(true)
					.redirectOutput(RedisCluster.this.directory.resolve("redis-" + this.port + ".log").toFile())
					.start();
			}
			catch (IOException ex) {
				throw new IllegalStateException("Cannot start " + SERVER, ex);
			}
			await().atMost(Duration.ofSeconds(10))
				.ignoreExceptions()
				.until(() -> "PONG".equals(call((redis) -> redis.ping())));
		}

		boolean isAlive() {
			return this.process != null && this.process.isAlive();
		}

		void kill() {
			if (this.process != null) {
				this.process.toHandle().destroyForcibly();
				try {
					this.process.waitFor(10, TimeUnit.SECONDS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
		}

		boolean isClusterOk() {
			return call((redis) -> redis.clusterInfo()).contains("cluster_state:ok");
		}

		boolean isMaster() {
			return call((redis) -> redis.role()).get(0).equals("master");
		}

		boolean servesSlot(int slot) {
			String myself = call((redis) -> redis.clusterNodes()).lines()
				.filter((line) -> line.contains("myself"))
				.findFirst()
				.orElse("");
			String[] fields = myself.split(" ");
			for (int i = 8; i < fields.length; i++) {
				String range = fields[i];
				if (range.startsWith("[")) {
					continue;
				}
				int dash = range.indexOf('-');
				int from = Integer.parseInt((dash < 0) ? range : range.substring(0, dash));
				int to = Integer.parseInt((dash < 0) ? range : range.substring(dash + 1));
				if (slot >= from && slot <= to) {
					return true;
				}
			}
			return false;
		}

		<T> T call(Function<RedisCommands<String, String>, T> command) {
			try (StatefulRedisConnection<String, String> connection = this.client.connect()) {
				return command.apply(connection.sync());
			}
		}

	}

}
