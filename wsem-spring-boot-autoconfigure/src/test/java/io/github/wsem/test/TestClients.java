package io.github.wsem.test;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Opens {@link TestClient TestClients} to one server and closes them all at the end of a
 * test.
 */
public final class TestClients implements AutoCloseable {

	private final int port;

	private final Queue<TestClient> opened = new ConcurrentLinkedQueue<>();

	/**
	 * Create a factory for the server on the given port.
	 * @param port the server's port
	 */
	public TestClients(int port) {
		this.port = port;
	}

	/**
	 * Connect a client and read its welcome frame.
	 * @return the client
	 */
	public TestClient connect() {
		return track(TestClient.connect(this.port));
	}

	/**
	 * Start building a connection; pass the result to {@link #track(TestClient)}.
	 * @return a builder
	 */
	public TestClient.Builder builder() {
		return TestClient.builder(this.port);
	}

	/**
	 * Close the client at the end of the test.
	 * @param client the client
	 * @return the client
	 */
	public TestClient track(TestClient client) {
		this.opened.add(client);
		return client;
	}

	/**
	 * Close every client opened or tracked.
	 */
	@Override
	public void close() {
		TestClient client;
		while ((client = this.opened.poll()) != null) {
			client.close();
		}
	}

}
