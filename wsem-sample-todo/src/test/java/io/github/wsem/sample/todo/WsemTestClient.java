package io.github.wsem.sample.todo;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A wsem client on the JDK's {@link WebSocket}, as any non-browser program could
 * write it: frames go out as JSON text, frames that come in are queued as JSON trees.
 */
final class WsemTestClient implements AutoCloseable {

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final Duration TIMEOUT = Duration.ofSeconds(5);

	private final WebSocket socket;

	private final BlockingQueue<JsonNode> frames;

	private final List<JsonNode> received = new ArrayList<>();

	private WsemTestClient(WebSocket socket, BlockingQueue<JsonNode> frames) {
		this.socket = socket;
		this.frames = frames;
	}

	static WsemTestClient connect(int port) {
		return connect(port, Map.of());
	}

	static WsemTestClient connect(int port, Map<String, String> headers) {
		BlockingQueue<JsonNode> frames = new LinkedBlockingQueue<>();
		WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(TIMEOUT);
		headers.forEach(builder::header);
		WebSocket socket = builder.buildAsync(URI.create("ws://localhost:" + port + "/wsem"), new Collector(frames))
			.join();
		return new WsemTestClient(socket, frames);
	}

	/**
	 * Send one frame, written as JSON.
	 * @param frame the frame
	 */
	void send(Map<String, ?> frame) {
		this.socket.sendText(json.writeValueAsString(frame), true).join();
	}

	/**
	 * Take the first frame received that matches, waiting for it if needed. Frames
	 * that do not match stay for later calls, so that an event that arrives before an
	 * ack is not lost.
	 * @param matching the test a frame must pass
	 * @return the frame
	 */
	JsonNode next(Predicate<JsonNode> matching) throws InterruptedException {
		long deadline = System.nanoTime() + TIMEOUT.toNanos();
		int scanned = 0;
		while (true) {
			for (int i = scanned; i < this.received.size(); i++) {
				if (matching.test(this.received.get(i))) {
					return this.received.remove(i);
				}
			}
			scanned = this.received.size();
			JsonNode frame = this.frames.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
			if (frame == null) {
				throw new AssertionError("No matching frame within " + TIMEOUT.toSeconds() + " seconds; unmatched: "
						+ this.received);
			}
			this.received.add(frame);
		}
	}

	/**
	 * Wait for the next frame of an event.
	 * @param event the event name
	 * @return the frame
	 */
	JsonNode next(String event) throws InterruptedException {
		return next((frame) -> event.equals(frame.path("event").asString()));
	}

	/**
	 * Wait for the {@code wsem:ack} or {@code wsem:error} answering a frame.
	 * @param ack the frame's ack number
	 * @return the answer
	 */
	JsonNode answerTo(long ack) throws InterruptedException {
		return next((frame) -> frame.path("ack").asLong() == ack
				&& (frame.path("event").asString().equals("wsem:ack")
						|| frame.path("event").asString().equals("wsem:error")));
	}

	@Override
	public void close() {
		this.socket.sendClose(WebSocket.NORMAL_CLOSURE, "").exceptionally((ex) -> null).join();
	}

	/**
	 * Collects whole text messages, which the JDK may hand over in parts.
	 */
	private static final class Collector implements WebSocket.Listener {

		private final BlockingQueue<JsonNode> frames;

		private final StringBuilder message = new StringBuilder();

		Collector(BlockingQueue<JsonNode> frames) {
			this.frames = frames;
		}

		@Override
		public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
			this.message.append(data);
			if (last) {
				this.frames.add(json.readTree(this.message.toString()));
				this.message.setLength(0);
			}
			socket.request(1);
			return null;
		}

	}

}
