package io.github.wsem.test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntSupplier;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client of a cluster drill that reads a room's numbered events ({@code n}) the way
 * {@code wsem.js} does: when its connection ends it connects again, to a node picked by
 * the drill, and registers with {@code since}, the id of the last event it got. A
 * resuming subscriber also drops its connection by itself about every second. Across all
 * its connections it must get each event at most once, in emit order, and every event or
 * {@code recovery_incomplete}.
 */
public final class DrillSubscriber implements AutoCloseable {

	private final String room;

	private final IntSupplier nodes;

	private final boolean resuming;

	private final List<Integer> received = new ArrayList<>();

	private final List<Got> got = new ArrayList<>();

	private final List<String> errors = new ArrayList<>();

	private final StringBuilder trace = new StringBuilder();

	private int runStart = -2;

	private int runEnd = -2;

	private final boolean sse;

	private Link client;

	private @Nullable String lastId;

	private boolean incomplete;

	private int connections = 1;

	private long dropAt;

	/**
	 * Connect to a node and register for the room.
	 * @param port the node's port
	 * @param room the drill's room
	 * @param nodes picks the port of a live node for the next connection
	 * @param resuming whether to drop the connection about every second
	 */
	public DrillSubscriber(int port, String room, IntSupplier nodes, boolean resuming) {
		this(port, room, nodes, resuming, false);
	}

	private DrillSubscriber(int port, String room, IntSupplier nodes, boolean resuming, boolean sse) {
		this.room = room;
		this.nodes = nodes;
		this.resuming = resuming;
		this.sse = sse;
		if (sse) {
			this.client = new SseLink(port, room, null);
		}
		else {
			TestClient client = TestClient.connect(port);
			client.register(room);
			this.client = new WebSocketLink(client);
		}
		this.trace.append("on ").append(port).append(':');
		this.dropAt = nextDrop();
	}

	/**
	 * Read what arrived; connect again if the connection ended, or if it is time for a
	 * resuming subscriber to drop it.
	 */
	public void poll() {
		read();
		if (!this.client.isOpen()) {
			resume();
		}
		else if (this.resuming && this.lastId != null && System.nanoTime() - this.dropAt > 0) {
			this.client.abort();
			read();
			resume();
		}
	}

	/**
	 * A resuming subscriber over SSE: its stream comes back with {@code Last-Event-ID},
	 * the stream's cursor, the way {@code EventSource} does.
	 * @param port the node's port
	 * @param room the drill's room
	 * @param nodes picks the port of a live node for the next connection
	 * @return the subscriber
	 */
	public static DrillSubscriber sse(int port, String room, IntSupplier nodes) {
		return new DrillSubscriber(port, room, nodes, true, true);
	}

	/**
	 * Keep the connection for a while before dropping it again.
	 * @param duration how long
	 */
	public void stay(Duration duration) {
		this.dropAt = System.nanoTime() + duration.toNanos();
	}

	/**
	 * Whether the subscriber got the last event.
	 * @param last the number of the last event
	 * @return {@code true} once it did
	 */
	public boolean hasReached(int last) {
		return !this.received.isEmpty() && this.received.get(this.received.size() - 1) >= last;
	}

	/**
	 * Check the guarantee against the events that entered the room's history.
	 * @param expected the numbers of those events
	 */
	public void assertGuarantee(Collection<Integer> expected) {
		String who = (this.resuming ? "resuming" : "steady") + " subscriber of " + this.room + " over "
				+ this.connections + " connections";
		assertThat(this.errors).as("errors seen by the %s", who).isEmpty();
		List<Integer> kept = new ArrayList<>();
		for (Got one : this.got) {
			kept.add(one.n());
		}
		assertThat(kept).as("events of the %s, without duplicate or reorder", who)
			.withFailMessage(() -> "Events of the " + who + " out of order or twice: " + trace())
			.isSortedAccordingTo(Integer::compare)
			.doesNotHaveDuplicates();
		if (!this.incomplete) {
			TreeSet<Integer> missing = new TreeSet<>(expected);
			missing.removeAll(this.received);
			assertThat(missing)
				.as("events missing without recovery_incomplete for the %s (%d received of %d)", who,
						this.received.size(), expected.size())
				.isEmpty();
		}
	}

	/**
	 * Return how many connections the subscriber opened.
	 * @return the count
	 */
	public int connections() {
		return this.connections;
	}

	/**
	 * Return whether the subscriber was told {@code recovery_incomplete}.
	 * @return {@code true} if it was
	 */
	public boolean isIncomplete() {
		return this.incomplete;
	}

	@Override
	public void close() {
		this.client.close();
	}

	private void read() {
		for (String text : this.client.pending()) {
			JsonNode frame = TestClient.parse(text);
			String event = frame.path("event").asString();
			if (this.sse && !event.equals("n") && frame.hasNonNull("id")) {
				this.lastId = frame.path("id").asString();
			}
			if (event.equals("n")) {
				int n = frame.path("data").asInt();
				this.received.add(n);
				this.got.add(new Got(n, frame.hasNonNull("id"), this.connections));
				if (frame.hasNonNull("id")) {
					this.lastId = frame.path("id").asString();
					traceNumber(n);
				}
				else {
					traceNumber(-1);
					this.trace.append(' ').append(n).append("(no id)");
				}
			}
			else if (event.equals("wsem:error")) {
				if (frame.path("data").path("code").asString().equals("recovery_incomplete")) {
					this.incomplete = true;
					traceNumber(-1);
					this.trace.append(" recovery_incomplete");
				}
				else {
					this.errors.add(text);
				}
			}
		}
	}

	private void resume() {
		Link next = null;
		int port = -1;
		for (int attempt = 0; next == null; attempt++) {
			try {
				port = this.nodes.getAsInt();
				next = this.sse ? new SseLink(port, this.room, this.lastId)
						: new WebSocketLink(TestClient.connect(port));
			}
			catch (RuntimeException | AssertionError ex) {
				if (attempt >= 20) {
					throw ex;
				}
			}
		}
		this.client = next;
		this.connections++;
		traceNumber(-1);
		this.trace.append(" | on ").append(port).append(" since ").append(this.lastId).append(':');
		if (next instanceof WebSocketLink webSocket) {
			webSocket.client()
				.send("wsem:register",
						(this.lastId != null) ? Map.of("events", List.of(this.room), "since", this.lastId)
								: Map.of("events", List.of(this.room)),
						1L);
		}
		this.dropAt = nextDrop();
	}

	private void traceNumber(int n) {
		if (n >= 0 && n == this.runEnd + 1) {
			this.runEnd = n;
			return;
		}
		if (this.runStart >= 0) {
			this.trace.append(' ').append(this.runStart);
			if (this.runEnd > this.runStart) {
				this.trace.append('-').append(this.runEnd);
			}
		}
		this.runStart = n;
		this.runEnd = n;
	}

	private String trace() {
		traceNumber(-1);
		return this.trace.toString();
	}

	private static long nextDrop() {
		return System.nanoTime() + ThreadLocalRandom.current().nextLong(700, 1300) * 1_000_000L;
	}

	private record Got(int n, boolean id, int connection) {
	}

	/**
	 * A connection that reads frames as WebSocket frame texts.
	 */
	private interface Link extends AutoCloseable {

		List<String> pending();

		boolean isOpen();

		void abort();

		@Override
		void close();

	}

	private record WebSocketLink(TestClient client) implements Link {

		@Override
		public List<String> pending() {
			return this.client.pending();
		}

		@Override
		public boolean isOpen() {
			return this.client.isOpen();
		}

		@Override
		public void abort() {
			this.client.abort();
		}

		@Override
		public void close() {
			this.client.close();
		}

	}

	/**
	 * An SSE stream of one room; each event is read as the WebSocket frame it stands for
	 * ({@code event}, {@code data}, {@code id}).
	 */
	private static final class SseLink implements Link {

		private static final HttpClient http = HttpClient.newHttpClient();

		private final Queue<String> frames = new ConcurrentLinkedQueue<>();

		private final InputStream body;

		private volatile boolean open = true;

		SseLink(int port, String room, @Nullable String lastEventId) {
			HttpRequest.Builder request = HttpRequest
				.newBuilder(URI.create("http://localhost:" + port + "/wsem/sse?events=" + room))
				.header("Accept", "text/event-stream");
			if (lastEventId != null) {
				request.header("Last-Event-ID", lastEventId);
			}
			try {
				HttpResponse<InputStream> response = http.send(request.build(),
						HttpResponse.BodyHandlers.ofInputStream());
				assertThat(response.statusCode()).as("SSE status").isEqualTo(200);
				this.body = response.body();
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
			Thread reader = new Thread(this::read, "drill-sse-reader");
			reader.setDaemon(true);
			reader.start();
		}

		private void read() {
			try (BufferedReader in = new BufferedReader(new InputStreamReader(this.body, StandardCharsets.UTF_8))) {
				String id = null;
				String event = null;
				StringBuilder data = new StringBuilder();
				String line;
				while ((line = in.readLine()) != null) {
					if (line.isEmpty()) {
						if (event != null) {
							this.frames.add("{\"event\":\"" + event + "\",\"data\":" + (data.isEmpty() ? "null" : data)
									+ ((id != null) ? ",\"id\":\"" + id + "\"" : "") + "}");
						}
						id = null;
						event = null;
						data.setLength(0);
					}
					else if (line.startsWith("data: ")) {
						data.append(line.substring(6));
					}
					else if (line.startsWith("event: ")) {
						event = line.substring(7);
					}
					else if (line.startsWith("id: ")) {
						id = line.substring(4);
					}
				}
			}
			catch (IOException ex) {
				// dropped
			}
			this.open = false;
		}

		@Override
		public List<String> pending() {
			List<String> pending = new ArrayList<>();
			String frame;
			while ((frame = this.frames.poll()) != null) {
				pending.add(frame);
			}
			return pending;
		}

		@Override
		public boolean isOpen() {
			return this.open;
		}

		@Override
		public void abort() {
			close();
		}

		@Override
		public void close() {
			this.open = false;
			try {
				this.body.close();
			}
			catch (IOException ex) {
				// closing
			}
		}

	}

}
