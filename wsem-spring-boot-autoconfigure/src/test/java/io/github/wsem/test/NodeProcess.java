package io.github.wsem.test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.github.wsem.nodeprocess.NodeProcessApplication;

/**
 * A wsem node in a JVM of its own ({@link NodeProcessApplication}, from the test
 * classpath), joined to a Redis, so that a test can kill its process for real. No such
 * JVM outlives the test JVM: {@link #close()} kills it, a shutdown hook kills those left,
 * and the node halts by itself when the JVM that started it ends.
 */
public final class NodeProcess implements AutoCloseable {

	private static final Set<Process> running = ConcurrentHashMap.newKeySet();

	static {
		Runtime.getRuntime().addShutdownHook(new Thread(() -> running.forEach(Process::destroyForcibly)));
	}

	private final Process process;

	private final Path log;

	private final int port;

	private final String nodeId;

	/**
	 * Start a node and wait until it listens.
	 * @param redisPort the port of the Redis server
	 * @param properties more {@code --name=value} arguments
	 */
	public NodeProcess(int redisPort, String... properties) {
		List<String> command = new ArrayList<>(
				List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:TieredStopAtLevel=1",
						"-XX:+UseSerialGC", "-Xss512k", "-Xmx256m", "-cp", System.getProperty("java.class.path"),
						NodeProcessApplication.class.getName(), "--server.port=0", "--wsem.cluster.type=redis",
						"--wsem.cluster.node-timeout=3s", "--wsem.cluster.operation-timeout=1s",
						"--spring.main.banner-mode=off", "--spring.data.redis.host=127.0.0.1",
						"--spring.data.redis.port=" + redisPort, "--spring.data.redis.timeout=1s"));
		command.addAll(List.of(properties));
		try {
			this.log = Files.createTempFile("wsem-node-", ".log");
			this.process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(this.log.toFile())
				.start();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		running.add(this.process);
		try {
			this.port = Integer.parseInt(awaitLine(NodeProcessApplication.PORT, Duration.ofSeconds(120)));
			this.nodeId = awaitLine(NodeProcessApplication.NODE_ID, Duration.ofSeconds(10));
		}
		catch (RuntimeException ex) {
			close();
			throw ex;
		}
	}

	/**
	 * Return the node's HTTP port.
	 * @return the port
	 */
	public int port() {
		return this.port;
	}

	/**
	 * Return the node's id in the cluster.
	 * @return the node id
	 */
	public String nodeId() {
		return this.nodeId;
	}

	/**
	 * Kill the node's process the way {@code kill -9} does, and wait until it is gone.
	 */
	public void kill() {
		this.process.toHandle().destroyForcibly();
		try {
			if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
				throw new IllegalStateException("Node process " + this.process.pid() + " did not die");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		running.remove(this.process);
	}

	/**
	 * Whether the node's process runs.
	 * @return {@code true} while it does
	 */
	public boolean isAlive() {
		return this.process.isAlive();
	}

	@Override
	public void close() {
		kill();
		try {
			Files.deleteIfExists(this.log);
		}
		catch (IOException ex) {
			// a temporary file
		}
	}

	private String awaitLine(String start, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (System.nanoTime() < deadline) {
			Optional<String> line = lines().stream().filter((text) -> text.startsWith(start)).findFirst();
			if (line.isPresent()) {
				return line.get().substring(start.length()).trim();
			}
			if (!this.process.isAlive()) {
				throw new IllegalStateException("Node process ended:\n" + String.join("\n", lines()));
			}
			try {
				Thread.sleep(50);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				break;
			}
		}
		throw new IllegalStateException(
				"Node process did not start in " + timeout + ":\n" + String.join("\n", lines()));
	}

	private List<String> lines() {
		try {
			return Files.readAllLines(this.log, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			return List.of();
		}
	}

}
