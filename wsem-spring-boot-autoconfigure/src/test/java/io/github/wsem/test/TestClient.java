package io.github.wsem.test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A wsem client for tests, on the JDK's {@link WebSocket}: it collects every text message
 * it receives, reads the welcome frame on connect, and can send raw text, fragments and
 * binary frames.
 *
 * <p>
 * Frames are read in arrival order with {@link #next()}, which fails after a timeout
 * instead of hanging.
 */
public final class TestClient implements WebSocket.Listener, AutoCloseable {

	/** How long a test waits for one frame. */
	public static final Duration TIMEOUT = Duration.ofSeconds(10);

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final HttpClient http = HttpClient.newHttpClient();

	private final BlockingQueue<String> frames = new LinkedBlockingQueue<>();

	private final StringBuilder partial = new StringBuilder();

	private final CompletableFuture<CloseStatus> closed = new CompletableFuture<>();

	private final AtomicLong acks = new AtomicLong();

	private @Nullable WebSocket socket;

	private @Nullable JsonNode welcome;

	private TestClient() {
	}

	/**
	 * Connect to the default endpoint of a local server and read the welcome frame.
	 * @param port the server's port
	 * @return the connected client
	 */
	public static TestClient connect(int port) {
		return builder(port).connect();
	}

	/**
	 * Start building a connection with headers or subprotocols.
	 * @param port the server's port
	 * @return a builder
	 */
	public static Builder builder(int port) {
		return new Builder(port);
	}

	/**
	 * Read the first frame, which must be the welcome frame.
	 * @return this client
	 * @throws AssertionError if the first frame is something else
	 */
	public TestClient readWelcome() {
		JsonNode first = next();
		if (!"wsem:welcome".equals(first.path("event").asString())) {
			throw new AssertionError("Expected the welcome frame first but got " + first);
		}
		this.welcome = first;
		return this;
	}

	/**
	 * Return the welcome frame, the first frame the server sent.
	 * @return the welcome frame
	 */
	public JsonNode welcome() {
		return require(this.welcome, "welcome");
	}

	/**
	 * Return the client id from the welcome frame.
	 * @return the id
	 */
	public String id() {
		return welcome().path("data").path("id").asString();
	}

	/**
	 * Return the subprotocol the server selected.
	 * @return the subprotocol, empty if none
	 */
	public String subprotocol() {
		return socket().getSubprotocol();
	}

	/**
	 * Send a text message as-is.
	 * @param text the text
	 */
	public void send(String text) {
		socket().sendText(text, true).join();
	}

	/**
	 * Send one text message as several WebSocket frames.
	 * @param parts the parts, in order
	 */
	public void sendParts(String... parts) {
		for (int i = 0; i < parts.length; i++) {
			socket().sendText(parts[i], i == parts.length - 1).join();
		}
	}

	/**
	 * Send a binary message.
	 * @param bytes the payload
	 */
	public void sendBinary(byte[] bytes) {
		socket().sendBinary(ByteBuffer.wrap(bytes), true).join();
	}

	/**
	 * Send a frame built from its parts.
	 * @param event the event name
	 * @param data the data, omitted when {@code null}
	 * @param ack the ack id, omitted when {@code null}
	 */
	public void send(String event, @Nullable Object data, @Nullable Long ack) {
		send(frame(event, data, ack));
	}

	/**
	 * Send a frame with a new ack id and return the answer to it, skipping nothing: the
	 * next frame must be the answer.
	 * @param event the event name
	 * @param data the data
	 * @return the {@code wsem:ack} or {@code wsem:error} frame
	 */
	public JsonNode request(String event, @Nullable Object data) {
		long ack = this.acks.incrementAndGet();
		send(event, data, ack);
		JsonNode answer = next();
		if (answer.path("ack").asLong() != ack) {
			throw new AssertionError("Expected the answer to ack " + ack + " but got " + answer);
		}
		return answer;
	}

	/**
	 * Register for rooms with an ack and wait for the ack.
	 * @param rooms the room names
	 * @return the answer
	 */
	public JsonNode register(String... rooms) {
		JsonNode answer = request("wsem:register", List.of(rooms));
		if (!"wsem:ack".equals(answer.path("event").asString())) {
			throw new AssertionError("Register failed: " + answer);
		}
		return answer;
	}

	/**
	 * Take the next frame, waiting up to {@link #TIMEOUT}.
	 * @return the parsed frame
	 * @throws AssertionError if none arrives in time
	 */
	public JsonNode next() {
		return json.readTree(nextText());
	}

	/**
	 * Take the next frame's text, waiting up to {@link #TIMEOUT}.
	 * @return the frame's text
	 * @throws AssertionError if none arrives in time
	 */
	public String nextText() {
		try {
			String frame = this.frames.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
			if (frame == null) {
				throw new AssertionError("No frame within " + TIMEOUT + "; closed: " + this.closed.getNow(null));
			}
			return frame;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AssertionError(ex);
		}
	}

	/**
	 * Return the frames received and not yet taken, without waiting.
	 * @return the pending frames' texts
	 */
	public List<String> pending() {
		List<String> pending = new ArrayList<>();
		this.frames.drainTo(pending);
		return pending;
	}

	/**
	 * Wait until the server closes the connection.
	 * @return the close status received
	 * @throws AssertionError if the connection is not closed in time
	 */
	public CloseStatus awaitClose() {
		try {
			return this.closed.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException ex) {
			throw new AssertionError("Not closed within " + TIMEOUT);
		}
		catch (InterruptedException | ExecutionException ex) {
			throw new AssertionError(ex);
		}
	}

	/**
	 * Whether the server has not closed the connection.
	 * @return {@code true} while open
	 */
	public boolean isOpen() {
		return !this.closed.isDone() && !socket().isInputClosed();
	}

	/**
	 * Close the connection normally, without waiting for the server's answer.
	 */
	@Override
	public void close() {
		WebSocket socket = this.socket;
		if (socket != null && !socket.isOutputClosed()) {
			socket.sendClose(WebSocket.NORMAL_CLOSURE, "").exceptionally((ex) -> {
				socket.abort();
				return null;
			});
		}
	}

	/**
	 * Drop the TCP connection without a closing handshake.
	 */
	public void abort() {
		socket().abort();
	}

	/**
	 * Close the connection normally and wait for the server's closing handshake.
	 */
	public void closeAndWait() {
		close();
		awaitClose();
	}

	/**
	 * Encode a client frame.
	 * @param event the event name
	 * @param data the data, omitted when {@code null}
	 * @param ack the ack id, omitted when {@code null}
	 * @return the JSON text
	 */
	public static String frame(String event, @Nullable Object data, @Nullable Long ack) {
		Map<String, Object> frame = new LinkedHashMap<>();
		frame.put("event", event);
		if (data != null) {
			frame.put("data", data);
		}
		if (ack != null) {
			frame.put("ack", ack);
		}
		return json.writeValueAsString(frame);
	}

	/**
	 * Parse JSON text.
	 * @param text the text
	 * @return the tree
	 */
	public static JsonNode parse(String text) {
		return json.readTree(text);
	}

	@Override
	public void onOpen(WebSocket webSocket) {
		webSocket.request(1);
	}

	@Override
	public @Nullable CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
		this.partial.append(data);
		if (last) {
			this.frames.add(this.partial.toString());
			this.partial.setLength(0);
		}
		webSocket.request(1);
		return null;
	}

	@Override
	public @Nullable CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
		this.frames.add("binary:" + data.remaining());
		webSocket.request(1);
		return null;
	}

	@Override
	public @Nullable CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
		this.closed.complete(new CloseStatus(statusCode, reason));
		return null;
	}

	@Override
	public void onError(WebSocket webSocket, Throwable error) {
		this.closed.complete(new CloseStatus(1006, String.valueOf(error)));
	}

	private WebSocket socket() {
		return require(this.socket, "socket");
	}

	private static <T> T require(@Nullable T value, String what) {
		if (value == null) {
			throw new IllegalStateException("No " + what + " yet");
		}
		return value;
	}

	/**
	 * A close status received from the server.
	 *
	 * @param code the close code
	 * @param reason the reason
	 */
	public record CloseStatus(int code, String reason) {
	}

	/**
	 * Builds a connection.
	 */
	public static final class Builder {

		private final int port;

		private String path = "/wsem";

		private final Map<String, String> headers = new LinkedHashMap<>();

		private final List<String> subprotocols = new ArrayList<>();

		private Builder(int port) {
			this.port = port;
		}

		/**
		 * Connect to another path than {@code /wsem}.
		 * @param path the path
		 * @return this builder
		 */
		public Builder path(String path) {
			this.path = path;
			return this;
		}

		/**
		 * Add a handshake header.
		 * @param name the name
		 * @param value the value
		 * @return this builder
		 */
		public Builder header(String name, String value) {
			this.headers.put(name, value);
			return this;
		}

		/**
		 * Offer subprotocols, most preferred first.
		 * @param subprotocols the subprotocols
		 * @return this builder
		 */
		public Builder subprotocols(String... subprotocols) {
			this.subprotocols.addAll(List.of(subprotocols));
			return this;
		}

		/**
		 * Connect and read the welcome frame.
		 * @return the client
		 */
		public TestClient connect() {
			return connectAsync().join().readWelcome();
		}

		/**
		 * Connect without reading anything; call {@link TestClient#readWelcome()} next.
		 * @return a future of the client
		 */
		public CompletableFuture<TestClient> connectAsync() {
			TestClient client = new TestClient();
			return open(client).thenApply((socket) -> {
				client.socket = socket;
				return client;
			});
		}

		/**
		 * Try to connect when the server is expected to refuse the handshake.
		 * @return the HTTP status of the refusal
		 * @throws AssertionError if the server upgrades the connection
		 */
		public int refusedStatus() {
			try {
				WebSocket socket = open(new TestClient()).join();
				socket.abort();
				throw new AssertionError("The server accepted the handshake");
			}
			catch (CompletionException ex) {
				if (ex.getCause() instanceof WebSocketHandshakeException refused) {
					return refused.getResponse().statusCode();
				}
				throw ex;
			}
		}

		private CompletableFuture<WebSocket> open(TestClient client) {
			WebSocket.Builder builder = http.newWebSocketBuilder().connectTimeout(TIMEOUT);
			this.headers.forEach(builder::header);
			if (!this.subprotocols.isEmpty()) {
				builder.subprotocols(this.subprotocols.get(0),
						this.subprotocols.subList(1, this.subprotocols.size()).toArray(String[]::new));
			}
			return builder.buildAsync(URI.create("ws://localhost:" + this.port + this.path), client);
		}

	}

}
