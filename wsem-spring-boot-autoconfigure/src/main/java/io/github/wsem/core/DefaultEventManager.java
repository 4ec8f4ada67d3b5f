package io.github.wsem.core;

import java.lang.reflect.Type;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEvent;
import org.springframework.core.ParameterizedTypeReference;

/**
 * The {@link EventManager} of one node: a registry of local clients and rooms, the
 * client-event handlers, and a {@link Broker} to reach the other nodes.
 *
 * <p>Transports call {@link #connect(ClientSession)}, {@link #dispatch} and
 * {@link #disconnect(ClientSession, int)}; applications use the
 * {@link EventManager} interface.
 */
public final class DefaultEventManager implements EventManager, Broker.LocalNode {

	private static final Log logger = LogFactory.getLog(DefaultEventManager.class);

	/**
	 * The room of clients that receive every event emitted to any room (SSE's
	 * {@code events=*}).
	 */
	public static final String WILDCARD_ROOM = "*";

	private final RoomRegistry registry = new RoomRegistry();

	private final RegistrationListeners listeners = new RegistrationListeners();

	private final Clients clients = new LocalClients(this.registry);

	private final JsonCodec codec;

	private final Broker broker;

	private final ProtocolSettings settings;

	private final Consumer<ApplicationEvent> eventPublisher;

	private final EventHandlers handlers;

	private final FrameDispatcher dispatcher;

	private final DirectMessages direct;

	private final @Nullable EventHistory history;

	private final Authorization authorization;

	private final ClientListeners clientListeners = new ClientListeners();

	private volatile WsemMetrics metrics = WsemMetrics.NONE;

	/**
	 * Create an event manager and attach it to its broker.
	 * @param codec the JSON codec
	 * @param broker the broker to other nodes
	 * @param settings the protocol settings
	 * @param eventPublisher where connect and disconnect events are published
	 */
	public DefaultEventManager(JsonCodec codec, Broker broker, ProtocolSettings settings,
			Consumer<ApplicationEvent> eventPublisher) {
		this(codec, broker, settings, eventPublisher, WsemAuthorizer.allowAll(), null);
	}

	/**
	 * Create an event manager whose clients are checked by an authorizer and whose
	 * history may live elsewhere than in this node's memory, and attach it to its
	 * broker.
	 * @param codec the JSON codec
	 * @param broker the broker to other nodes
	 * @param settings the protocol settings
	 * @param eventPublisher where connect and disconnect events are published
	 * @param authorizer decides what clients may do
	 * @param history the history of emitted events, or {@code null} to keep it in
	 * this node's memory; unused when the settings turn history off
	 */
	public DefaultEventManager(JsonCodec codec, Broker broker, ProtocolSettings settings,
			Consumer<ApplicationEvent> eventPublisher, WsemAuthorizer authorizer, @Nullable EventHistory history) {
		this.codec = codec;
		this.broker = broker;
		this.settings = settings;
		this.eventPublisher = eventPublisher;
		this.handlers = new EventHandlers(codec);
		this.direct = new DirectMessages(broker, codec, settings.answerTimeout());
		this.history = (settings.historySize() <= 0) ? null : (history != null) ? history
				: new RoomHistories(settings.historySize(), settings.historyTtl(), codec, broker);
		this.authorization = new Authorization(authorizer);
		this.dispatcher = new FrameDispatcher(this, this.handlers, this.direct, codec, settings, this.authorization);
		broker.attach(this);
	}

	// Transport SPI

	/**
	 * Queue a newly connected client's welcome frame, register the client, then let
	 * it send: the welcome is always the first frame, and a client that has it can
	 * be found.
	 * @param client the client
	 * @throws WsemException {@code forbidden} if a client with the same id is
	 * connected and ids are not shared
	 */
	public void connect(ClientSession client) {
		client.attach(this, (this.settings.rateLimit() > 0)
				? new TokenBucket(this.settings.rateLimit(), this.settings.rateBurst(), System.nanoTime()) : null);
		Map<String, Object> welcome = new LinkedHashMap<>();
		welcome.put("id", client.id());
		welcome.put("protocol", 1);
		welcome.put("receive", this.settings.receiveType());
		welcome.put("send", this.settings.sendType());
		client.contributeWelcome(welcome);
		client.sendText(this.codec.encodeFrame("wsem:welcome", welcome, null, null));
		boolean shared = this.settings.sharedIds();
		if (!this.registry.add(client, shared)) {
			throw new WsemException(ErrorCode.FORBIDDEN, "Client id " + client.id() + " is in use");
		}
		if (this.registry.sessions(client.id()).size() == 1 && !this.broker.claim(client.id(), !shared)) {
			this.registry.remove(client);
			throw new WsemException(ErrorCode.FORBIDDEN, "Client id " + client.id() + " is in use");
		}
		changeState(client, ConnectionState.CONNECTED);
		client.startSending();
		logger.debug("Connected " + client);
		this.clientListeners.call(client, (listener) -> listener.onOpen(client));
		this.eventPublisher.accept(new ClientConnectedEvent(client));
	}

	/**
	 * Ask the {@link WsemAuthorizer} whether a client may connect.
	 * @param handshake the opening request
	 * @return {@code false} if the connection must be refused with HTTP 403
	 */
	public boolean authorizeConnect(Handshake handshake) {
		return this.authorization.connect(handshake);
	}

	/**
	 * Ask the {@link WsemAuthorizer} whether a client may register for a room, for
	 * transports that register clients without a {@code wsem:register} frame.
	 * @param client the client
	 * @param room the room
	 * @return {@code false} if the room must not be joined
	 */
	public boolean authorizeRegister(ClientSession client, String room) {
		return this.authorization.register(client, room);
	}

	/**
	 * Forget a client whose connection closed, with all its memberships. Calling it
	 * again for the same client does nothing. Never throws: it may run on the thread
	 * of an emit to other clients, so a failing listener is only logged.
	 * @param client the client
	 * @param closeCode the close status code
	 */
	public void disconnect(ClientSession client, int closeCode) {
		changeState(client, ConnectionState.CLOSED);
		if (!this.registry.remove(client)) {
			return;
		}
		for (String room : List.copyOf(client.rooms)) {
			leave(client, room);
		}
		if (this.registry.sessions(client.id()).isEmpty()) {
			this.broker.release(client.id());
		}
		logger.debug("Disconnected " + client + " with status " + closeCode);
		this.clientListeners.call(client, (listener) -> listener.onClose(client, closeCode));
		try {
			this.eventPublisher.accept(new ClientDisconnectedEvent(client, closeCode));
		}
		catch (RuntimeException ex) {
			logger.error("Listener of the disconnect of " + client + " failed", ex);
		}
	}

	/**
	 * Report a failure of a client's connection to the {@link ClientListener}s.
	 * @param client the client
	 * @param error the failure
	 */
	public void failed(ClientSession client, Throwable error) {
		this.clientListeners.call(client, (listener) -> listener.onError(client, error));
	}

	/**
	 * Set the listeners told about every client's connection.
	 * @param listeners the listeners, in order
	 */
	public void setClientListeners(List<ClientListener> listeners) {
		this.clientListeners.set(listeners);
	}

	/**
	 * Set what records the traffic of this node's clients.
	 * @param metrics the recorder, {@link WsemMetrics#NONE} for none
	 */
	public void setMetrics(WsemMetrics metrics) {
		this.metrics = metrics;
	}

	/**
	 * Act on one inbound text frame of a client.
	 * @param client the client
	 * @param text the frame's text
	 * @param reply where acks and errors for the client go
	 * @return whether the frame carries a valid ack, so that exactly one answer
	 * will be passed to {@code reply}
	 */
	public boolean dispatch(ClientSession client, String text, Consumer<String> reply) {
		this.metrics.frameReceived();
		if (!this.clientListeners.isEmpty()) {
			this.clientListeners.call(client, (listener) -> listener.onMessage(client, text));
		}
		try {
			return this.dispatcher.dispatch(client, text, reply);
		}
		catch (RuntimeException ex) {
			logger.error("Handling a frame of " + client + " failed", ex);
			failed(client, ex);
			reply.accept(errorFrame(ErrorCode.INTERNAL, "Internal error", Map.of()));
			return false;
		}
	}

	/**
	 * Answer a frame the transport refused before reading it, for example one over
	 * the size limit.
	 * @param client the client
	 * @param code the error code
	 * @param message the message for the client
	 * @param reply where the error goes
	 */
	public void reject(ClientSession client, ErrorCode code, String message, Consumer<String> reply) {
		this.metrics.frameReceived();
		this.dispatcher.fail(client, reply, code, message, null);
	}

	/**
	 * Encode a {@code wsem:error} frame that a transport answers with itself, and
	 * count it.
	 * @param code the error code
	 * @param message the message for the client
	 * @param details more entries of the error's data
	 * @return the frame's text
	 */
	public String errorFrame(ErrorCode code, String message, Map<String, Object> details) {
		return this.dispatcher.errorFrame(code.code(), message, null, details);
	}

	/**
	 * Count a client that is closed because it could not keep up. The transport
	 * closes it and calls {@link #disconnect} as usual.
	 * @param client the client
	 * @param droppedFrames the frames queued for it that are discarded
	 */
	public void overflowed(ClientSession client, int droppedFrames) {
		logger.debug("Closing slow client " + client + ", dropping " + droppedFrames + " frames");
		this.metrics.overflowed(client.transport(), droppedFrames);
	}

	/**
	 * Return the number of this node's connections with a transport.
	 * @param transport the transport
	 * @return the count
	 */
	public int connectionCount(Transport transport) {
		return this.registry.clientCount(transport);
	}

	/**
	 * Return the number of rooms with members on this node.
	 * @return the count
	 */
	public int roomCount() {
		return this.registry.roomCount();
	}

	/**
	 * Return the rooms of this node with their member counts.
	 * @return a sorted snapshot
	 */
	public Map<String, Integer> roomSizes() {
		return this.registry.roomSizes();
	}

	JsonCodec codec() {
		return this.codec;
	}

	WsemMetrics metrics() {
		return this.metrics;
	}

	// EventManager

	@Override
	public void emit(String event, @Nullable Object data) {
		publish(Set.of(event), Set.of(), event, data);
	}

	@Override
	public Broadcast to(String room) {
		return new DefaultBroadcast(this, Set.of(room), Set.of());
	}

	@Override
	public Broadcast except(String clientId) {
		return new DefaultBroadcast(this, Set.of(), Set.of(clientId));
	}

	@Override
	public <T> void on(String event, Class<T> type, EventHandler<T> handler) {
		on(event, (Type) type, handler);
	}

	@Override
	public void on(String event, EventHandler<Object> handler) {
		on(event, Object.class, handler);
	}

	@Override
	public <T> void on(String event, ParameterizedTypeReference<T> type, EventHandler<T> handler) {
		on(event, type.getType(), handler);
	}

	private void on(String event, Type type, EventHandler<?> handler) {
		requireName(event);
		this.handlers.add(event, type, handler);
	}

	@Override
	public void off(String event, EventHandler<?> handler) {
		this.handlers.remove(event, handler);
	}

	@Override
	public void addListener(String event, RegistrationListener listener) {
		this.listeners.add(event, listener);
	}

	@Override
	public void removeListener(String event, RegistrationListener listener) {
		this.listeners.remove(event, listener);
	}

	@Override
	public void send(String clientId, @Nullable Object message) {
		this.direct.send(DirectMessages.SERVER, Set.of(clientId), message, false, null);
	}

	@Override
	public CompletableFuture<DirectAnswer> request(String clientId, @Nullable Object message, Duration timeout) {
		if (!this.direct.unknown(Set.of(clientId)).isEmpty()) {
			return CompletableFuture
				.failedFuture(new WsemException(ErrorCode.UNKNOWN_CLIENT, "Unknown client " + clientId));
		}
		CompletableFuture<DirectAnswer> answer = this.direct.send(DirectMessages.SERVER, Set.of(clientId), message,
				true, timeout);
		return (answer != null) ? answer : CompletableFuture.failedFuture(new IllegalStateException());
	}

	@Override
	public boolean hasClientRegistration(String event) {
		return this.broker.hasMembers(event);
	}

	@Override
	public Clients clients() {
		return this.clients;
	}

	// LocalNode

	@Override
	public void deliver(Delivery delivery) {
		WsemMetrics metrics = this.metrics;
		if (metrics == WsemMetrics.NONE) {
			this.registry.fanOut(delivery);
			return;
		}
		long start = System.nanoTime();
		int recipients = this.registry.fanOut(delivery);
		long nanos = System.nanoTime() - start;
		metrics.delivered(recipients);
		metrics.fannedOut(recipients, nanos);
	}

	@Override
	public Set<String> localMembers(String room) {
		return this.registry.memberIds(room);
	}

	@Override
	public boolean hasLocalClient(String clientId) {
		return !this.registry.sessions(clientId).isEmpty();
	}

	@Override
	public void deliverDirect(Set<String> clientIds, String frame) {
		int sent = 0;
		for (String id : clientIds) {
			for (ClientSession client : this.registry.sessions(id)) {
				client.sendText(frame);
				sent++;
			}
		}
		this.metrics.delivered(sent);
	}

	@Override
	public boolean answer(long reply, String from, @Nullable Object message) {
		return this.direct.complete(reply, from, message);
	}

	@Override
	public void registrationsChanged(String room) {
		notifyListeners(room);
	}

	@Override
	public void historyIncomplete(String room) {
		String frame = errorFrame(ErrorCode.RECOVERY_INCOMPLETE, "Some events of " + room + " may be missing",
				Map.of("room", room));
		for (ClientSession client : this.registry.members(room)) {
			client.sendText(frame);
		}
	}

	@Override
	public boolean hasLocalMembers(String room) {
		return !this.registry.members(room).isEmpty() || !this.registry.members(WILDCARD_ROOM).isEmpty();
	}

	// internals

	/**
	 * Encode an emit once and publish it. An emit to one room with history on is
	 * handed to the history, which gives it the room's next id and keeps it.
	 */
	void publish(Set<String> rooms, Set<String> except, String event, @Nullable Object data) {
		requireName(event);
		rooms.forEach(DefaultEventManager::requireName);
		String room = (rooms.size() == 1) ? rooms.iterator().next() : null;
		EventHistory history = this.history;
		if (room == null || Delivery.EVERYONE.equals(room) || history == null) {
			this.broker.publish(new Delivery(rooms, except, OutboundEvent.encode(this.codec, event, data, null)));
			return;
		}
		history.publish(room, except, event, (data != null) ? this.codec.encode(data) : null);
	}

	/**
	 * Make a client a member of a room after sending it the room's kept events after
	 * {@code since}, with no event lost or repeated between the two.
	 * @param client the client
	 * @param room the room
	 * @param since the id of the last event the client has, {@code null} to start now
	 * @return {@code true} if events after {@code since} are no longer kept, so the
	 * client should be told {@code recovery_incomplete}
	 */
	public boolean resume(ClientSession client, String room, @Nullable String since) {
		EventHistory history = this.history;
		if (since == null || history == null || Delivery.EVERYONE.equals(room)) {
			join(client, room);
			return false;
		}
		return history.resume(new ClientResumption(this, client, room), since);
	}

	/**
	 * Return the id a client that starts listening to a room now should resume
	 * from, or {@code null} when history is off.
	 * @param room the room
	 * @return the room's current position
	 */
	public @Nullable String position(String room) {
		EventHistory history = this.history;
		if (history == null || Delivery.EVERYONE.equals(room)) {
			return null;
		}
		return history.position(room);
	}

	/**
	 * Return the number of rooms whose history this node keeps in its memory.
	 * @return the count
	 */
	public int historyRoomCount() {
		return (this.history instanceof RoomHistories histories) ? histories.roomCount() : 0;
	}

	void join(ClientSession client, String room) {
		requireName(room);
		boolean opened;
		synchronized (client.membership) {
			if (!client.rooms.add(room)) {
				return;
			}
			opened = this.registry.join(client, room);
			if (!client.isConnected()) {
				client.rooms.remove(room);
				this.registry.leave(client, room);
				return;
			}
		}
		this.broker.joined(room, client.id(), opened);
		notifyListeners(room);
	}

	void leave(ClientSession client, String room) {
		boolean closed;
		synchronized (client.membership) {
			if (!client.rooms.remove(room)) {
				return;
			}
			closed = this.registry.leave(client, room);
		}
		client.forgetGate(room);
		if (closed || this.registry.sessions(client.id()).stream().noneMatch((other) -> other.rooms.contains(room))) {
			this.broker.left(room, client.id(), closed);
		}
		notifyListeners(room);
	}

	void changeState(ClientSession client, ConnectionState next) {
		ConnectionState previous = client.state(next);
		if (previous != null && !this.clientListeners.isEmpty()) {
			this.clientListeners.call(client, (listener) -> listener.onStateChange(client, previous, next));
		}
	}

	private void notifyListeners(String room) {
		this.listeners.changed(room, () -> this.broker.members(room));
	}

	private static void requireName(String name) {
		if (!EventNames.isValid(name)) {
			throw new IllegalArgumentException("Invalid event or room name: '" + name + "'");
		}
	}

}
