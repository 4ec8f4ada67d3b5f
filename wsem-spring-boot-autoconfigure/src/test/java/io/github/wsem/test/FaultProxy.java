package io.github.wsem.test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy between one node and Redis that injects the faults of a real link: it
 * resets every connection, holds Redis's replies for a while (commands still reach Redis
 * and run), or refuses connections for a while (a partition).
 */
public final class FaultProxy implements AutoCloseable {

	private final ServerSocket server;

	private final int target;

	private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();

	private volatile long holdUntil;

	private volatile long refuseUntil;

	/**
	 * Start a proxy on a free loopback port to a Redis port.
	 * @param target the Redis port
	 */
	public FaultProxy(int target) {
		this.target = target;
		try {
			this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		Thread acceptor = new Thread(this::accept, "fault-proxy-" + this.server.getLocalPort());
		acceptor.setDaemon(true);
		acceptor.start();
	}

	/**
	 * Return the port to connect to instead of Redis's.
	 * @return the port
	 */
	public int port() {
		return this.server.getLocalPort();
	}

	/**
	 * Reset every open connection (both sides see a TCP reset).
	 */
	public void reset() {
		for (Socket socket : List.copyOf(this.sockets)) {
			abort(socket);
		}
	}

	/**
	 * Hold every reply of Redis for a while; the commands still reach Redis.
	 * @param duration how long
	 */
	public void hold(Duration duration) {
		this.holdUntil = System.nanoTime() + duration.toNanos();
	}

	/**
	 * Reset every connection and refuse new ones for a while.
	 * @param duration how long
	 */
	public void refuse(Duration duration) {
		this.refuseUntil = System.nanoTime() + duration.toNanos();
		reset();
	}

	@Override
	public void close() {
		try {
			this.server.close();
		}
		catch (IOException ex) {
			// closing
		}
		reset();
	}

	private void accept() {
		while (!this.server.isClosed()) {
			try {
				Socket client = this.server.accept();
				if (System.nanoTime() - this.refuseUntil < 0) {
					abort(client);
					continue;
				}
				Socket redis = new Socket();
				redis.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), this.target), 2000);
				this.sockets.add(client);
				this.sockets.add(redis);
				pump(client, redis, false);
				pump(redis, client, true);
			}
			catch (IOException ex) {
				// the server closed, or Redis is down: the client sees its connection
				// fail
			}
		}
	}

	private void pump(Socket from, Socket to, boolean replies) {
		Thread thread = new Thread(() -> {
			byte[] buffer = new byte[16384];
			try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
				int read;
				while ((read = in.read(buffer)) >= 0) {
					while (replies && System.nanoTime() - this.holdUntil < 0) {
						Thread.sleep(5);
					}
					out.write(buffer, 0, read);
					out.flush();
				}
			}
			catch (IOException | InterruptedException ex) {
				// reset or closed
			}
			abort(from);
			abort(to);
		}, "fault-proxy-pump");
		thread.setDaemon(true);
		thread.start();
	}

	private void abort(Socket socket) {
		this.sockets.remove(socket);
		try {
			socket.setSoLinger(true, 0);
			socket.close();
		}
		catch (IOException ex) {
			// already closed
		}
	}

}
