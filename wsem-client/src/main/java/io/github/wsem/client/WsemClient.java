package io.github.wsem.client;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.NullNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A client of a wsem server, the Java counterpart of {@code wsem.js}: listeners per event
 * ({@link #on}, {@link #end}), emits with or without an answer, direct messages between
 * clients, automatic reconnection with backoff, and resumption without loss or duplicates
 * (every event registered again with the id of the last event seen), over WebSocket or,
 * where that cannot connect, Server-Sent Events.
 *
 * <pre class="code">
 * WsemClient client = WsemClient.builder("ws://localhost:8080/wsem").build();
 * client.on("todo", Todo.class, (todo) -&gt; show(todo));
 * client.connect();
 * client.emit("todo", Map.of("text", "milk"), Todo.class).thenAccept(saved -&gt; ...);
 * </pre>
 *
 * <p>
 * Every listener runs on the client's own thread, one at a time, in the order the frames
 * came; a listener must not block waiting for this client's answers. Frames the client
 * cannot read and exceptions of listeners are reported to the {@link #onError error
 * listeners}, never thrown. Methods may be called from any thread; frames sent before the
 * connection is open wait for it.
 */
public final class WsemClient implements AutoCloseable {

	private static final System.Logger logger = System.getLogger(WsemClient.class.getName());

	private static final AtomicInteger threads = new AtomicInteger();

	private static final String RESERVED_PREFIX = "wsem:";

	private final String registerEvent;

	private final String unregisterEvent;

	private final URI url;

	private final List<Transport> transports;

	private final Map<String, String> headers;

	private final @Nullable Backoff backoff;

	private final Duration ackTimeout;

	private final Duration connectTimeout;

	private final JsonMapper json;

	private final HttpClient http;

	private final ScheduledThreadPoolExecutor loop;

	private final AtomicLong nextAck = new AtomicLong(1);

	private final List<Consumer<? super Welcome>> openListeners = new CopyOnWriteArrayList<>();

	private final List<Consumer<? super CloseStatus>> closeListeners = new CopyOnWriteArrayList<>();

	private final List<Consumer<? super Reconnecting>> reconnectingListeners = new CopyOnWriteArrayList<>();

	private final List<Consumer<? super WsemClientException>> errorListeners = new CopyOnWriteArrayList<>();

	private final List<Consumer<? super DirectMessage>> messageListeners = new CopyOnWriteArrayList<>();

	private final CompletableFuture<Welcome> firstWelcome = new CompletableFuture<>();

	// Confined to the loop thread from here on.

	private final Map<String, List<EventListener<?>>> listeners = new LinkedHashMap<>();

	private final Map<String, String> lastIds = new HashMap<>();

	private final Map<Long, Pending> pending = new LinkedHashMap<>();

	private final Deque<Outgoing> outbox = new ArrayDeque<>();

	private @Nullable String cursor;

	private @Nullable Connection connection;

	private @Nullable ScheduledFuture<?> timer;

	private boolean started;

	private int index;

	private int attempt;

	private int waited;

	private int failures;

	private volatile @Nullable Welcome welcome;

	private volatile boolean closed;

	private WsemClient(Builder builder) {
		this.url = builder.url;
		this.registerEvent = builder.registerEvent;
		this.unregisterEvent = builder.unregisterEvent;
		this.transports = List.copyOf(builder.transports);
		this.headers = Map.copyOf(builder.headers);
		this.backoff = builder.backoff;
		this.ackTimeout = builder.ackTimeout;
		this.connectTimeout = builder.connectTimeout;
		this.json = (builder.json != null) ? builder.json : Defaults.JSON;
		this.http = (builder.http != null) ? builder.http : Defaults.HTTP;
		this.loop = new ScheduledThreadPoolExecutor(1, (task) -> {
			Thread thread = new Thread(task, "wsem-client-" + threads.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		});
		this.loop.setRemoveOnCancelPolicy(true);
	}

	/**
	 * Start building a client.
	 * @param url the server's endpoint: {@code ws://}, {@code wss://}, {@code http://} or
	 * {@code https://}, for example {@code ws://localhost:8080/wsem}
	 * @return a builder
	 */
	public static Builder builder(String url) {
		return new Builder(URI.create(url));
	}

	/**
	 * Create a client with the defaults (WebSocket only, reconnecting) and start
	 * connecting.
	 * @param url the server's endpoint
	 * @return the client
	 */
	public static WsemClient connect(String url) {
		WsemClient client = builder(url).build();
		client.connect();
		return client;
	}

	/**
	 * Start connecting. Listeners added before are in place for the first frame.
	 * @return the first welcome; it fails only if the client is closed or gives up before
	 * one
	 */
	public CompletableFuture<Welcome> connect() {
		run(() -> {
			if (!this.started && !this.closed) {
				this.started = true;
				open();
			}
		});
		return this.firstWelcome.copy();
	}

	/**
	 * Return the client id the server gave the current connection.
	 * @return the id, or {@code null} while not connected
	 */
	public @Nullable String id() {
		Welcome current = this.welcome;
		return (current != null) ? current.id() : null;
	}

	/**
	 * Whether a connection is open and welcomed.
	 * @return {@code true} if it is
	 */
	public boolean isConnected() {
		return this.welcome != null;
	}

	/**
	 * Return the transport of the open connection.
	 * @return the transport, or {@code null} while not connected
	 */
	public @Nullable Transport transport() {
		Welcome current = this.welcome;
		return (current != null) ? current.transport() : null;
	}

	/**
	 * Listen to an event: the first listener of an event registers this client for it on
	 * the server (now, and again after every reconnection).
	 * @param <T> the type of the event's data
	 * @param event the event name
	 * @param type the type the data is converted to with Jackson ({@code JsonNode} for
	 * the tree)
	 * @param listener called with each event's data
	 * @return this client
	 */
	public <T> WsemClient on(String event, Class<T> type, Consumer<? super @Nullable T> listener) {
		checkEmitName(event);
		Objects.requireNonNull(listener, "listener");
		EventListener<T> entry = new EventListener<>(this.json.constructType(type), listener);
		run(() -> {
			List<EventListener<?>> entries = this.listeners.computeIfAbsent(event, (key) -> new ArrayList<>());
			entries.add(entry);
			if (entries.size() == 1 && this.welcome != null) {
				changeRooms(this.registerEvent, this.json.valueToTree(event));
			}
		});
		return this;
	}

	/**
	 * Remove every listener of an event and unregister from it.
	 * @param event the event name
	 * @return this client
	 */
	public WsemClient end(String event) {
		run(() -> {
			if (this.listeners.remove(event) != null) {
				ended(event);
			}
		});
		return this;
	}

	/**
	 * Remove one listener of an event; the last one unregisters from it.
	 * @param event the event name
	 * @param listener a listener given to {@link #on}
	 * @return this client
	 */
	public WsemClient end(String event, Consumer<?> listener) {
		run(() -> {
			List<EventListener<?>> entries = this.listeners.get(event);
			if (entries != null && entries.removeIf((entry) -> entry.listener() == listener) && entries.isEmpty()) {
				this.listeners.remove(event);
				ended(event);
			}
		});
		return this;
	}

	private void ended(String event) {
		this.lastIds.remove(event);
		if (this.welcome != null) {
			changeRooms(this.unregisterEvent, this.json.valueToTree(event));
		}
	}

	/**
	 * Emit an event to the server, fire-and-forget: the frame carries no {@code ack}, the
	 * server answers nothing, not even an error.
	 * @param event the event name
	 * @param data the data, written as JSON; may be {@code null}
	 */
	public void emit(String event, @Nullable Object data) {
		checkEmitName(event);
		String text = frame(event, data, 0);
		run(() -> transmit(new Outgoing(text, null)));
	}

	/**
	 * Emit an event to the server and get what its handler returned.
	 * @param <T> the type of the answer
	 * @param event the event name
	 * @param data the data, written as JSON; may be {@code null}
	 * @param resultType the type the ack's data is converted to
	 * @return the ack's data; failed with a {@link WsemClientException} carrying the
	 * server's error code, or {@code timeout}, {@code disconnected} or {@code closed}
	 */
	public <T> CompletableFuture<@Nullable T> emit(String event, @Nullable Object data, Class<T> resultType) {
		checkEmitName(event);
		return request(event, data).thenApply((result) -> convert(result, resultType));
	}

	/**
	 * Send a direct message to a client by id, fire-and-forget.
	 * @param to the recipient's client id
	 * @param message the message, written as JSON
	 */
	public void send(String to, @Nullable Object message) {
		send(List.of(to), message);
	}

	/**
	 * Send a direct message to several clients, fire-and-forget.
	 * @param to the recipients' client ids
	 * @param message the message, written as JSON
	 */
	public void send(Collection<String> to, @Nullable Object message) {
		String text = frame("wsem:send", directMessage(to, message), 0);
		run(() -> transmit(new Outgoing(text, null)));
	}

	/**
	 * Send a direct message to a client and wait for the first answer.
	 * @param <T> the type of the answer
	 * @param to the recipient's client id
	 * @param message the message, written as JSON
	 * @param answerType the type the answer is converted to
	 * @return the first answer; failed with {@code unknown_client} or {@code timeout}
	 * (the server's {@code wsem.answer-timeout}) among others
	 */
	public <T> CompletableFuture<Answer<T>> send(String to, @Nullable Object message, Class<T> answerType) {
		return send(List.of(to), message, answerType);
	}

	/**
	 * Send a direct message to several clients and wait for the first answer of any.
	 * @param <T> the type of the answer
	 * @param to the recipients' client ids
	 * @param message the message, written as JSON
	 * @param answerType the type the answer is converted to
	 * @return the first answer
	 */
	public <T> CompletableFuture<Answer<T>> send(Collection<String> to, @Nullable Object message, Class<T> answerType) {
		return request("wsem:send", directMessage(to, message))
			.thenApply((answer) -> new Answer<>(answer.path("from").asString(""),
					convert(answer.path("message"), answerType)));
	}

	/**
	 * Ask the server which rooms this client is in. The answer comes after every register
	 * and unregister sent before (frames are handled in order), so it also tells when the
	 * events of {@link #on} are registered; a room the server refused is missing, and its
	 * {@code forbidden} error went to {@link #onError}.
	 * @return the rooms, as the server's register ack lists them
	 */
	public CompletableFuture<Set<String>> rooms() {
		return request(this.registerEvent, List.of()).thenApply((ack) -> {
			Set<String> rooms = new LinkedHashSet<>();
			ack.path("rooms").valueStream().map(JsonNode::asString).forEach(rooms::add);
			return rooms;
		});
	}

	/**
	 * Give up this client's id for a fresh random one without reconnecting
	 * ({@code wsem:id}), WSMsgBroker's {@code unregister}: direct messages to the old id
	 * are {@code unknown_client} from then on; the client keeps its rooms.
	 * @return the new id, which {@link #id()} returns from then on; failed with
	 * {@code forbidden} when the id comes from the user
	 */
	public CompletableFuture<String> releaseId() {
		return changeId(null);
	}

	/**
	 * Take an id without reconnecting ({@code wsem:id}), WSMsgBroker's
	 * {@code register(id)}; the server must allow chosen ids
	 * ({@code wsem.allow-chosen-ids}). After a reconnection the client has the id of the
	 * new welcome.
	 * @param id the id to take
	 * @return the id; failed with {@code id_taken}, {@code invalid_id} or
	 * {@code forbidden}
	 */
	public CompletableFuture<String> takeId(String id) {
		if (id == null || id.isEmpty()) {
			throw new IllegalArgumentException("An id must not be empty");
		}
		return changeId(id);
	}

	private CompletableFuture<String> changeId(@Nullable String id) {
		return request("wsem:id", id).thenApply((ack) -> {
			String next = ack.path("id").asString();
			Welcome current = this.welcome;
			if (current != null) {
				this.welcome = new Welcome(next, current.transport(), current.protocol());
			}
			Connection connection = this.connection;
			if (connection != null) {
				connection.renamed(next);
			}
			return next;
		});
	}

	private Map<String, @Nullable Object> directMessage(Collection<String> to, @Nullable Object message) {
		Map<String, @Nullable Object> data = new LinkedHashMap<>();
		data.put("to", (to.size() == 1) ? to.iterator().next() : List.copyOf(to));
		data.put("message", message);
		return data;
	}

	/**
	 * Listen to direct messages, which {@link DirectMessage#answer answer} them, and to
	 * frames that are not wsem frames (raw text).
	 * @param listener the listener
	 * @return this client
	 */
	public WsemClient onMessage(Consumer<? super DirectMessage> listener) {
		this.messageListeners.add(listener);
		return this;
	}

	/**
	 * Listen to every welcome: the first connection and each reconnection.
	 * @param listener the listener
	 * @return this client
	 */
	public WsemClient onOpen(Consumer<? super Welcome> listener) {
		this.openListeners.add(listener);
		return this;
	}

	/**
	 * Listen to the end of each connection.
	 * @param listener the listener
	 * @return this client
	 */
	public WsemClient onClose(Consumer<? super CloseStatus> listener) {
		this.closeListeners.add(listener);
		return this;
	}

	/**
	 * Listen to reconnection attempts.
	 * @param listener the listener
	 * @return this client
	 */
	public WsemClient onReconnecting(Consumer<? super Reconnecting> listener) {
		this.reconnectingListeners.add(listener);
		return this;
	}

	/**
	 * Listen to errors: the server's {@code wsem:error} frames that answer no request of
	 * this client (for example {@code recovery_incomplete}, or {@code forbidden} for a
	 * room), failed connections, unreadable frames and exceptions of listeners. Without
	 * an error listener they are logged.
	 * @param listener the listener
	 * @return this client
	 */
	public WsemClient onError(Consumer<? super WsemClientException> listener) {
		this.errorListeners.add(listener);
		return this;
	}

	/**
	 * Close the connection for good: requests still waiting fail with {@code closed}.
	 */
	@Override
	public void close() {
		if (this.loop.isShutdown()) {
			return;
		}
		CompletableFuture<Void> done = new CompletableFuture<>();
		run(() -> {
			shutDown();
			done.complete(null);
		});
		this.loop.shutdown();
		if (!Thread.currentThread().getName().startsWith("wsem-client-")) {
			try {
				done.get(5, TimeUnit.SECONDS);
			}
			catch (Exception ex) {
				// the loop was already gone
			}
		}
	}

	// The rest runs on the loop thread.

	private void open() {
		this.timer = null;
		Transport transport = this.transports.get(this.index);
		Connection[] current = new Connection[1];
		Connection.Listener listener = new Connection.Listener() {

			@Override
			public void message(String text) {
				run(() -> {
					if (WsemClient.this.connection == current[0]) {
						receive(text);
					}
				});
			}

			@Override
			public void cursor(String cursor) {
				run(() -> {
					if (WsemClient.this.connection == current[0]) {
						WsemClient.this.cursor = cursor;
					}
				});
			}

			@Override
			public void error(WsemClientException error) {
				run(() -> {
					if (WsemClient.this.connection == current[0]) {
						WsemClient.this.error(error);
					}
				});
			}

			@Override
			public void closed(CloseStatus status) {
				run(() -> {
					if (WsemClient.this.connection == current[0]) {
						dropped(status);
					}
				});
			}

		};
		try {
			current[0] = (transport == Transport.WEBSOCKET)
					? new WebSocketConnection(this.http, webSocketUri(), this.headers, this.connectTimeout, listener)
					: new SseConnection(this.http, this.json, this.url, this.headers, this.connectTimeout,
							List.copyOf(this.listeners.keySet()), this.cursor, listener);
		}
		catch (RuntimeException ex) {
			error(new WsemClientException("transport", "Cannot connect: " + ex.getMessage(), null, ex));
			this.connection = null;
			dropped(new CloseStatus(1006, String.valueOf(ex.getMessage())));
			return;
		}
		this.connection = current[0];
	}

	private URI webSocketUri() {
		String scheme = this.url.getScheme().replaceFirst("^http", "ws");
		return URI.create(scheme + this.url.toString().substring(this.url.getScheme().length()));
	}

	private void receive(String text) {
		JsonNode frame;
		try {
			frame = this.json.readTree(text);
		}
		catch (RuntimeException ex) {
			frame = null;
		}
		if (frame == null || !frame.isObject() || !frame.path("event").isString()) {
			raw(text);
			return;
		}
		String event = frame.path("event").asString();
		JsonNode data = frame.path("data");
		switch (event) {
			case "wsem:welcome" -> welcome(data);
			case "wsem:ack" -> {
				if (frame.path("ack").canConvertToExactIntegral()) {
					settle(frame.path("ack").asLong(), null, data);
				}
				else {
					error(new WsemClientException("bad_frame", "A wsem:ack without a usable ack: " + abbreviate(text)));
				}
			}
			case "wsem:error" -> {
				WsemClientException error = new WsemClientException(data.path("code").asString("internal"),
						data.path("message").asString("wsem:error"), data.isMissingNode() ? null : data, null);
				if (frame.has("ack")) {
					settle(frame.path("ack").asLong(), error, null);
				}
				else {
					error(error);
				}
			}
			case "wsem:message" -> direct(data);
			default -> {
				if (!event.startsWith("wsem:")) {
					deliver(event, frame, data);
				}
			}
		}
	}

	private void raw(String text) {
		if (this.messageListeners.isEmpty()) {
			error(new WsemClientException("bad_frame", "Not a wsem frame: " + abbreviate(text)));
			return;
		}
		DirectMessage message = new DirectMessage(null, this.json.getNodeFactory().stringNode(text), false, this.json,
				(answer) -> {
				});
		fire(this.messageListeners, message);
	}

	private void welcome(JsonNode data) {
		Connection current = Objects.requireNonNull(this.connection);
		Welcome opened = new Welcome(data.path("id").asString(""), this.transports.get(this.index),
				data.path("protocol").asInt(1));
		this.welcome = opened;
		this.attempt = 0;
		this.waited = 0;
		this.failures = 0;
		List<String> events = List.copyOf(this.listeners.keySet());
		if (!current.registered() && !events.isEmpty()) {
			Map<String, String> since = new LinkedHashMap<>();
			events.stream().filter(this.lastIds::containsKey).forEach((e) -> since.put(e, this.lastIds.get(e)));
			if (!since.isEmpty()) {
				changeRooms(this.registerEvent, this.json.valueToTree(Map.of("events", events, "since", since)));
			}
			else {
				changeRooms(this.registerEvent, this.json.valueToTree((events.size() == 1) ? events.get(0) : events));
			}
		}
		while (!this.outbox.isEmpty() && this.connection == current) {
			Outgoing next = this.outbox.poll();
			if (next.pending() == null || this.pending.get(next.ack()) == next.pending()) {
				send(next);
			}
		}
		fire(this.openListeners, opened);
		this.firstWelcome.complete(opened);
	}

	private void deliver(String event, JsonNode frame, JsonNode data) {
		List<EventListener<?>> entries = this.listeners.get(event);
		if (entries == null) {
			return;
		}
		JsonNode id = frame.path("id");
		if (id.isValueNode() && !id.isNull()) {
			this.lastIds.put(event, id.asString());
		}
		if (this.transports.get(this.index) == Transport.WEBSOCKET) {
			this.cursor = null;
		}
		for (EventListener<?> entry : List.copyOf(entries)) {
			Object value;
			try {
				value = this.json.readerFor(entry.type())
					.readValue(data.isMissingNode() ? NullNode.getInstance() : data);
			}
			catch (RuntimeException ex) {
				error(new WsemClientException("bad_data",
						"The data of " + event + " is no " + entry.type().toCanonical() + ": " + ex.getMessage(), data,
						ex));
				continue;
			}
			call(entry, value);
		}
	}

	@SuppressWarnings("unchecked")
	private <T> void call(EventListener<T> entry, @Nullable Object value) {
		try {
			entry.listener().accept((T) value);
		}
		catch (RuntimeException ex) {
			error(new WsemClientException("listener", "A listener threw: " + ex, null, ex));
		}
	}

	private void direct(JsonNode data) {
		Connection current = this.connection;
		JsonNode reply = data.path("reply");
		boolean expectsAnswer = reply.canConvertToExactIntegral();
		boolean[] answered = new boolean[1];
		DirectMessage message = new DirectMessage(data.path("from").asString(null), data.path("message"), expectsAnswer,
				this.json, (answer) -> {
					String text = frame("wsem:answer", Map.of("reply", reply, "message",
							(answer != null) ? this.json.valueToTree(answer) : NullNode.getInstance()), 0);
					run(() -> {
						if (!answered[0] && this.connection == current && current != null && this.welcome != null) {
							answered[0] = true;
							current.send(text);
						}
					});
				});
		fire(this.messageListeners, message);
	}

	private void changeRooms(String type, JsonNode rooms) {
		String text = frame(type, rooms, this.nextAck.getAndIncrement());
		Pending entry = new Pending(ackOf(text), text, new CompletableFuture<>());
		entry.result().whenComplete((ok, ex) -> {
			if (ex instanceof WsemClientException failure && !failure.code().equals("disconnected")
					&& !failure.code().equals("closed")) {
				error(failure);
			}
		});
		enqueue(entry);
	}

	private CompletableFuture<JsonNode> request(String event, @Nullable Object data) {
		long ack = this.nextAck.getAndIncrement();
		String text = frame(event, data, ack);
		CompletableFuture<JsonNode> result = new CompletableFuture<>();
		run(() -> enqueue(new Pending(ack, text, result)));
		if (this.loop.isShutdown()) {
			result.completeExceptionally(new WsemClientException("closed", "The client was closed"));
		}
		return result;
	}

	private void enqueue(Pending entry) {
		if (this.closed) {
			entry.result().completeExceptionally(new WsemClientException("closed", "The client was closed"));
			return;
		}
		if (!this.ackTimeout.isZero() && !this.ackTimeout.isNegative()) {
			entry.timer = this.loop.schedule(
					() -> settle(entry.ack(),
							new WsemClientException("timeout",
									"No answer within " + this.ackTimeout.toMillis() + " ms"),
							null),
					this.ackTimeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		this.pending.put(entry.ack(), entry);
		transmit(new Outgoing(entry.text(), entry));
	}

	private void transmit(Outgoing outgoing) {
		if (this.closed) {
			return;
		}
		if (this.welcome != null) {
			send(outgoing);
		}
		else {
			this.outbox.add(outgoing);
		}
	}

	private void send(Outgoing outgoing) {
		if (outgoing.pending() != null) {
			outgoing.pending().sent = true;
		}
		Objects.requireNonNull(this.connection).send(outgoing.text());
	}

	private void settle(long ack, @Nullable WsemClientException error, @Nullable JsonNode data) {
		Pending entry = this.pending.remove(ack);
		if (entry == null) {
			return;
		}
		if (entry.timer != null) {
			entry.timer.cancel(false);
		}
		if (error != null) {
			entry.result().completeExceptionally(error);
		}
		else {
			entry.result().complete((data != null && !data.isMissingNode()) ? data : NullNode.getInstance());
		}
	}

	private void dropped(CloseStatus status) {
		boolean welcomed = this.welcome != null;
		this.connection = null;
		this.welcome = null;
		List<Long> lost = new ArrayList<>();
		this.pending.forEach((ack, entry) -> {
			if (entry.sent) {
				lost.add(ack);
			}
		});
		lost.forEach((ack) -> settle(ack, new WsemClientException("disconnected", "The connection was lost"), null));
		fire(this.closeListeners, status);
		if (this.closed) {
			return;
		}
		Duration delay = nextDelay(welcomed);
		if (delay == null) {
			shutDown();
			return;
		}
		this.attempt++;
		fire(this.reconnectingListeners, new Reconnecting(this.attempt, delay, this.transports.get(this.index)));
		if (!this.closed) {
			this.timer = this.loop.schedule(this::open, delay.toMillis(), TimeUnit.MILLISECONDS);
		}
	}

	/**
	 * The delay before the next connection, or {@code null} for none. A connection that
	 * got no welcome hands over to the next transport, at once while some transport has
	 * not failed since the last welcome (a fallback is not a reconnection); otherwise
	 * wait with exponential backoff.
	 */
	private @Nullable Duration nextDelay(boolean welcomed) {
		if (!welcomed) {
			this.index = (this.index + 1) % this.transports.size();
			if (++this.failures < this.transports.size()) {
				return Duration.ZERO;
			}
		}
		return (this.backoff != null) ? this.backoff.delay(this.waited++) : null;
	}

	private void shutDown() {
		if (this.closed) {
			return;
		}
		this.closed = true;
		if (this.timer != null) {
			this.timer.cancel(false);
		}
		for (Long ack : List.copyOf(this.pending.keySet())) {
			settle(ack, new WsemClientException("closed", "The client was closed"), null);
		}
		this.outbox.clear();
		this.firstWelcome.completeExceptionally(new WsemClientException("closed", "The client was closed"));
		Connection current = this.connection;
		this.connection = null;
		this.welcome = null;
		if (current != null) {
			current.close(1000, "");
			fire(this.closeListeners, new CloseStatus(1000, ""));
		}
	}

	private void error(WsemClientException error) {
		if (this.errorListeners.isEmpty()) {
			logger.log(System.Logger.Level.WARNING, "wsem: " + error.code() + ": " + error.getMessage());
			return;
		}
		for (Consumer<? super WsemClientException> listener : this.errorListeners) {
			try {
				listener.accept(error);
			}
			catch (RuntimeException ex) {
				logger.log(System.Logger.Level.WARNING, "wsem: an error listener threw", ex);
			}
		}
	}

	private <T> void fire(List<Consumer<? super T>> listeners, T value) {
		for (Consumer<? super T> listener : listeners) {
			try {
				listener.accept(value);
			}
			catch (RuntimeException ex) {
				error(new WsemClientException("listener", "A listener threw: " + ex, null, ex));
			}
		}
	}

	private void run(Runnable task) {
		try {
			this.loop.execute(() -> {
				try {
					task.run();
				}
				catch (RuntimeException ex) {
					logger.log(System.Logger.Level.ERROR, "wsem: unexpected failure", ex);
				}
			});
		}
		catch (RejectedExecutionException ex) {
			// closed
		}
	}

	private <T> @Nullable T convert(JsonNode value, Class<T> type) {
		try {
			return this.json.treeToValue(value, type);
		}
		catch (RuntimeException ex) {
			throw new WsemClientException("bad_data", "The answer is no " + type.getName(), value, ex);
		}
	}

	private String frame(String event, @Nullable Object data, long ack) {
		ObjectNode frame = this.json.createObjectNode();
		frame.put("event", event);
		if (data != null) {
			frame.set("data", this.json.valueToTree(data));
		}
		if (ack > 0) {
			frame.put("ack", ack);
		}
		return this.json.writeValueAsString(frame);
	}

	private long ackOf(String text) {
		return this.json.readTree(text).path("ack").asLong();
	}

	private static void checkEmitName(String event) {
		if (event == null || event.isEmpty()) {
			throw new IllegalArgumentException("An event name must not be empty");
		}
		if (event.startsWith(RESERVED_PREFIX)) {
			throw new IllegalArgumentException("Event " + event + " is reserved: names starting with " + RESERVED_PREFIX
					+ " belong to the protocol (rooms register through on, ids change through "
					+ "releaseId and takeId)");
		}
	}

	private static String abbreviate(String text) {
		return (text.length() <= 80) ? text : text.substring(0, 80) + "...";
	}

	private record EventListener<T>(JavaType type, Consumer<? super @Nullable T> listener) {
	}

	private record Outgoing(String text, @Nullable Pending pending) {

		long ack() {
			return (this.pending != null) ? this.pending.ack() : 0;
		}

	}

	private static final class Pending {

		private final long ack;

		private final String text;

		private final CompletableFuture<JsonNode> result;

		private @Nullable ScheduledFuture<?> timer;

		private boolean sent;

		Pending(long ack, String text, CompletableFuture<JsonNode> result) {
			this.ack = ack;
			this.text = text;
			this.result = result;
		}

		long ack() {
			return this.ack;
		}

		String text() {
			return this.text;
		}

		CompletableFuture<JsonNode> result() {
			return this.result;
		}

	}

	private static final class Defaults {

		static final JsonMapper JSON = JsonMapper.builder().build();

		static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	}

	/**
	 * Builds a {@link WsemClient}.
	 */
	public static final class Builder {

		private final URI url;

		private List<Transport> transports = List.of(Transport.WEBSOCKET);

		private final Map<String, String> headers = new LinkedHashMap<>();

		private @Nullable Backoff backoff = Backoff.DEFAULT;

		private Duration ackTimeout = Duration.ofSeconds(30);

		private Duration connectTimeout = Duration.ofSeconds(10);

		private @Nullable JsonMapper json;

		private @Nullable HttpClient http;

		private String registerEvent = "wsem:register";

		private String unregisterEvent = "wsem:unregister";

		private Builder(URI url) {
			String scheme = String.valueOf(url.getScheme());
			if (!List.of("ws", "wss", "http", "https").contains(scheme)) {
				throw new IllegalArgumentException("A wsem URL is ws://, wss://, http:// or https://, not " + url);
			}
			this.url = url;
		}

		/**
		 * Set the transports to try in turn; by default WebSocket only. With
		 * {@code WEBSOCKET, SSE} the client falls back to Server-Sent Events when the
		 * WebSocket cannot connect.
		 * @param transports the transports, in order
		 * @return this builder
		 */
		public Builder transports(Transport... transports) {
			if (transports.length == 0) {
				throw new IllegalArgumentException("At least one transport");
			}
			this.transports = List.of(transports);
			return this;
		}

		/**
		 * Add a header to the handshake and to every HTTP request (for example
		 * {@code Authorization}).
		 * @param name the header name
		 * @param value the value
		 * @return this builder
		 */
		public Builder header(String name, String value) {
			this.headers.put(name, value);
			return this;
		}

		/**
		 * Set the delays between reconnection attempts; by default 500 ms doubling up to
		 * 10 s, each less up to half at random.
		 * @param min the first delay
		 * @param max the longest delay
		 * @return this builder
		 */
		public Builder reconnect(Duration min, Duration max) {
			this.backoff = new Backoff(min, max, 2, 0.5);
			return this;
		}

		/**
		 * Stay closed after a connection is lost.
		 * @return this builder
		 */
		public Builder noReconnect() {
			this.backoff = null;
			return this;
		}

		/**
		 * Set how long a request waits for its answer; {@link Duration#ZERO} waits
		 * forever. By default 30 s.
		 * @param timeout the timeout
		 * @return this builder
		 */
		public Builder ackTimeout(Duration timeout) {
			this.ackTimeout = timeout;
			return this;
		}

		/**
		 * Set how long opening a connection may take; by default 10 s.
		 * @param timeout the timeout
		 * @return this builder
		 */
		public Builder connectTimeout(Duration timeout) {
			this.connectTimeout = timeout;
			return this;
		}

		/**
		 * Set the Jackson 3 mapper that writes and reads data, for example the
		 * application's own {@code JsonMapper} bean.
		 * @param json the mapper
		 * @return this builder
		 */
		public Builder jsonMapper(JsonMapper json) {
			this.json = json;
			return this;
		}

		/**
		 * Set the HTTP client of the connections (TLS, proxy, executor); by default one
		 * HTTP/1.1 client shared by all wsem clients.
		 * @param http the client
		 * @return this builder
		 */
		public Builder httpClient(HttpClient http) {
			this.http = http;
			return this;
		}

		/**
		 * Set the names of the register and unregister frames, for a server with its own
		 * {@code wsem.register-event-name} and {@code wsem.unregister-event-name}; by
		 * default {@code wsem:register} and {@code wsem:unregister}.
		 * @param register the name of the register frame
		 * @param unregister the name of the unregister frame
		 * @return this builder
		 */
		public Builder registerEventNames(String register, String unregister) {
			if (register.isEmpty() || unregister.isEmpty()) {
				throw new IllegalArgumentException("Register and unregister names must not be empty");
			}
			this.registerEvent = register;
			this.unregisterEvent = unregister;
			return this;
		}

		/**
		 * Build the client; {@link WsemClient#connect()} starts it.
		 * @return the client
		 */
		public WsemClient build() {
			return new WsemClient(this);
		}

	}

}
