package io.github.wsem.client.test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.stream.Stream;

import io.github.wsem.client.DirectMessage;
import io.github.wsem.client.WsemClient;
import io.github.wsem.client.WsemClientException;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.NullNode;

/**
 * A {@link WsemClient} for tests: it keeps every event, error and direct message it
 * receives until a test awaits it, so that nothing that arrives early is lost. Get one
 * from {@link WsemTestClients}.
 *
 * <pre class="code">
 * WsemTestClient bob = clients.connect("todo");
 * alice.emit("todo", Map.of("text", "milk")).expectAck(Todo.class);
 * TodoChange change = bob.awaitEvent("todo", TodoChange.class);
 * </pre>
 */
public final class WsemTestClient implements AutoCloseable {

	private final WsemClient client;

	private final JsonMapper json;

	private final Duration timeout;

	private final LinkedList<Received> received = new LinkedList<>();

	WsemTestClient(WsemClient client, JsonMapper json, Duration timeout) {
		this.client = client;
		this.json = json;
		this.timeout = timeout;
		client.onError((error) -> add(new Received(Kind.ERROR, null, null, error, null)));
		client.onMessage((message) -> add(new Received(Kind.MESSAGE, null, null, null, message)));
	}

	/**
	 * Return the client underneath, for what this class does not offer.
	 * @return the client
	 */
	public WsemClient client() {
		return this.client;
	}

	/**
	 * Return the client id the server gave this client.
	 * @return the id
	 */
	public String id() {
		String id = this.client.id();
		if (id == null) {
			throw new AssertionError("The client is not connected");
		}
		return id;
	}

	/**
	 * Register for more events, waiting until the server has registered them.
	 * @param events the event names
	 * @return this client
	 * @throws AssertionError if the server refused a room; its {@code forbidden} error is
	 * then the next {@link #awaitError()}
	 */
	public WsemTestClient register(String... events) {
		for (String event : events) {
			this.client.on(event, JsonNode.class, (data) -> add(
					new Received(Kind.EVENT, event, (data != null) ? data : NullNode.getInstance(), null, null)));
		}
		if (events.length > 0) {
			Set<String> rooms = rooms();
			List<String> refused = Stream.of(events).filter((event) -> !rooms.contains(event)).toList();
			if (!refused.isEmpty()) {
				throw new AssertionError("The server did not register " + refused + "; the client is in " + rooms);
			}
		}
		return this;
	}

	/**
	 * Return the rooms the server has this client in, once every register and unregister
	 * sent before is answered.
	 * @return the rooms
	 */
	public Set<String> rooms() {
		return await(this.client.rooms(), "the rooms");
	}

	/**
	 * Give up this client's id for a fresh random one without reconnecting.
	 * @return the new id
	 * @throws AssertionError if the server refuses
	 */
	public String releaseId() {
		return await(this.client.releaseId(), "a new id");
	}

	/**
	 * Take an id without reconnecting; {@link WsemClient#takeId} for the server's error.
	 * @param id the id
	 * @return the id
	 * @throws AssertionError if the server refuses
	 */
	public String takeId(String id) {
		return await(this.client.takeId(id), "the id " + id);
	}

	private <T> T await(CompletableFuture<T> answer, String what) {
		try {
			return answer.get(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (ExecutionException ex) {
			throw new AssertionError("Expected " + what + " but got " + ex.getCause(), ex.getCause());
		}
		catch (TimeoutException ex) {
			throw new AssertionError("No answer within " + this.timeout.toMillis() + " ms for " + what);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AssertionError(ex);
		}
	}

	/**
	 * Emit an event; await its answer with {@link Emit#expectAck} or
	 * {@link Emit#expectError}.
	 * @param event the event name
	 * @param data the data, written as JSON
	 * @return the emit
	 */
	public Emit emit(String event, @Nullable Object data) {
		return new Emit(this.client.emit(event, data, JsonNode.class), event);
	}

	/**
	 * Emit an event fire-and-forget: the server answers nothing.
	 * @param event the event name
	 * @param data the data, written as JSON
	 */
	public void emitAndForget(String event, @Nullable Object data) {
		this.client.emit(event, data);
	}

	/**
	 * Wait for the next event of a name and convert its data.
	 * @param <T> the type of the data
	 * @param event the event name, registered with {@link #register} or
	 * {@link WsemTestClients#connect(String...)}
	 * @param type the type of the data
	 * @return the data
	 * @throws AssertionError if none comes in time
	 */
	public <T> T awaitEvent(String event, Class<T> type) {
		return awaitEvent(event, type, this.timeout);
	}

	/**
	 * Wait for the next event of a name and convert its data.
	 * @param <T> the type of the data
	 * @param event the event name
	 * @param type the type of the data
	 * @param timeout how long to wait
	 * @return the data
	 * @throws AssertionError if none comes in time
	 */
	public <T> T awaitEvent(String event, Class<T> type, Duration timeout) {
		Received next = take((r) -> r.kind() == Kind.EVENT && event.equals(r.event()), timeout, "event " + event);
		return this.json.treeToValue(next.data(), type);
	}

	/**
	 * Wait for the next {@code count} events of a name.
	 * @param <T> the type of the data
	 * @param event the event name
	 * @param type the type of the data
	 * @param count how many
	 * @return the data, in the order received
	 */
	public <T> List<T> awaitEvents(String event, Class<T> type, int count) {
		List<T> events = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			events.add(awaitEvent(event, type));
		}
		return events;
	}

	/**
	 * Check that no event of a name arrives within a short time.
	 * @param event the event name
	 * @param within how long to watch
	 * @throws AssertionError if one arrives
	 */
	public void assertNoEvent(String event, Duration within) {
		Received next = poll((r) -> r.kind() == Kind.EVENT && event.equals(r.event()), within);
		if (next != null) {
			throw new AssertionError("Expected no " + event + " event but got " + next.data());
		}
	}

	/**
	 * Wait for the next error that answers no request of this client: a server
	 * {@code wsem:error} without {@code ack} (for example {@code recovery_incomplete}) or
	 * a failure of the client.
	 * @return the error
	 */
	public WsemClientException awaitError() {
		return take((r) -> r.kind() == Kind.ERROR, this.timeout, "an error").error();
	}

	/**
	 * Wait for the next direct message; {@link DirectMessage#answer answer} it if the
	 * sender waits.
	 * @return the message
	 */
	public DirectMessage awaitMessage() {
		return take((r) -> r.kind() == Kind.MESSAGE, this.timeout, "a direct message").message();
	}

	@Override
	public void close() {
		this.client.close();
	}

	private synchronized void add(Received value) {
		this.received.add(value);
		notifyAll();
	}

	private Received take(Predicate<Received> matching, Duration timeout, String what) {
		Received next = poll(matching, timeout);
		if (next == null) {
			throw new AssertionError("No " + what + " within " + timeout.toMillis() + " ms; unclaimed: " + unclaimed());
		}
		return next;
	}

	private synchronized @Nullable Received poll(Predicate<Received> matching, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (true) {
			for (var it = this.received.iterator(); it.hasNext();) {
				Received candidate = it.next();
				if (matching.test(candidate)) {
					it.remove();
					return candidate;
				}
			}
			long left = deadline - System.nanoTime();
			if (left <= 0) {
				return null;
			}
			try {
				TimeUnit.NANOSECONDS.timedWait(this, left);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new AssertionError("Interrupted", ex);
			}
		}
	}

	private synchronized List<String> unclaimed() {
		return this.received.stream().map(Received::toString).toList();
	}

	private enum Kind {

		EVENT, ERROR, MESSAGE

	}

	private record Received(Kind kind, @Nullable String event, @Nullable JsonNode data,
			@Nullable WsemClientException error, @Nullable DirectMessage message) {

		@Override
		public String toString() {
			return switch (this.kind) {
				case EVENT -> this.event + " " + this.data;
				case ERROR -> "error " + this.error;
				case MESSAGE -> String.valueOf(this.message);
			};
		}

	}

	/**
	 * An emit whose answer a test awaits.
	 */
	public final class Emit {

		private final CompletableFuture<@Nullable JsonNode> answer;

		private final String event;

		Emit(CompletableFuture<@Nullable JsonNode> answer, String event) {
			this.answer = answer;
			this.event = event;
		}

		/**
		 * Wait for the {@code wsem:ack} and convert its data.
		 * @param <T> the type of the data
		 * @param type the type
		 * @return the ack's data
		 * @throws AssertionError if the answer is a {@code wsem:error} or none comes
		 */
		public <T> @Nullable T expectAck(Class<T> type) {
			try {
				JsonNode data = await();
				return (data != null) ? WsemTestClient.this.json.treeToValue(data, type) : null;
			}
			catch (WsemClientException ex) {
				throw new AssertionError("Expected an ack of " + this.event + " but got " + ex, ex);
			}
		}

		/**
		 * Wait for the {@code wsem:error} answering the emit.
		 * @return the error, with the server's {@link WsemClientException#code() code}
		 * and {@link WsemClientException#data() data}
		 * @throws AssertionError if the answer is an ack or none comes
		 */
		public WsemClientException expectError() {
			try {
				throw new AssertionError("Expected an error for " + this.event + " but got the ack " + await());
			}
			catch (WsemClientException ex) {
				return ex;
			}
		}

		private @Nullable JsonNode await() {
			try {
				return this.answer.get(WsemTestClient.this.timeout.toMillis(), TimeUnit.MILLISECONDS);
			}
			catch (ExecutionException ex) {
				if (ex.getCause() instanceof WsemClientException failure) {
					throw failure;
				}
				throw new AssertionError(ex.getCause());
			}
			catch (TimeoutException ex) {
				throw new AssertionError("No answer to " + this.event + " within " + WsemTestClient.this.timeout);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new AssertionError(ex);
			}
		}

	}

}
