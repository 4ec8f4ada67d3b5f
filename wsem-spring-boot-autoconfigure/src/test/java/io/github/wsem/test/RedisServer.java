package io.github.wsem.test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * A real {@code redis-server} process on a free loopback port, for the cluster tests. The
 * build's {@code ensure-redis.sh} installs the binary when it is missing.
 */
public final class RedisServer implements RedisEndpoint, AutoCloseable {

	private static final String BINARY = System.getenv().getOrDefault("WSEM_REDIS_SERVER", "/usr/bin/redis-server");

	private final int port;

	private Process process;

	private RedisServer(int port) {
		this.port = port;
		this.process = launch();
	}

	/**
	 * Start a server on a free port and wait until it answers.
	 * @return the running server
	 */
	public static RedisServer start() {
		if (!Files.isExecutable(Path.of(BINARY))) {
			throw new IllegalStateException(
					BINARY + " is missing: install redis-server (src/test/scripts/ensure-redis.sh)");
		}
		int port;
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		return new RedisServer(port);
	}

	/**
	 * Return the port the server listens on.
	 * @return the port
	 */
	public int port() {
		return this.port;
	}

	@Override
	public List<String> springProperties() {
		return List.of("--spring.data.redis.host=127.0.0.1", "--spring.data.redis.port=" + this.port,
				"--spring.data.redis.timeout=1s");
	}

	@Override
	public void pauseWrites(String key, Duration duration) {
		String reply = command("CLIENT PAUSE " + duration.toMillis() + " WRITE");
		if (!reply.startsWith("+OK")) {
			throw new IllegalStateException("CLIENT PAUSE failed: " + reply);
		}
	}

	@Override
	public boolean apart(String key, String other) {
		return false;
	}

	@Override
	public void kill() {
		this.process.destroyForcibly();
		try {
			this.process.waitFor(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public void restart() {
		this.process = launch();
	}

	@Override
	public void close() {
		kill();
	}

	private Process launch() {
		try {
			Process started = new ProcessBuilder(BINARY, "--port", String.valueOf(this.port), "--bind", "127.0.0.1",
					"--save", "", "--appendonly", "no", "--protected-mode", "no")
				.redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.DISCARD)
				.start();
			await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(this::answersPing);
			return started;
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot start " + BINARY, ex);
		}
	}

	private boolean answersPing() {
		return command("PING").startsWith("+PONG");
	}

	private String command(String inline) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", this.port), 500);
			socket.setSoTimeout(500);
			OutputStream out = socket.getOutputStream();
			out.write((inline + "\r\n").getBytes(StandardCharsets.US_ASCII));
			out.flush();
			InputStream in = socket.getInputStream();
			byte[] buffer = new byte[256];
			int read = in.read(buffer);
			return (read > 0) ? new String(buffer, 0, read, StandardCharsets.US_ASCII) : "";
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
