package io.github.wsem.core;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEvent;

/**
 * The {@link ClientHub} of one node: the registry of its clients and rooms, what they may
 * do, and their joining and leaving of rooms. The application's side is the
 * {@link DefaultEventManager}, the broker's side the {@link BrokerNode}.
 */
final class DefaultClientHub implements ClientHub {

	private static final Log logger = LogFactory.getLog(DefaultClientHub.class);

	private static final String WELCOME_EVENT = "wsem:welcome";

	private final RoomRegistry registry = new RoomRegistry();

	private final RegistrationListeners listeners = new RegistrationListeners();

	private final ClientListeners clientListeners = new ClientListeners();

	private final JsonCodec codec;

	private final Broker broker;

	private final ProtocolSettings settings;

	private final Consumer<ApplicationEvent> eventPublisher;

	private final FrameDispatcher dispatcher;

	private final @Nullable EventHistory history;

	private final Authorization authorization;

	private final DefaultEventManager eventManager;

	private final @Nullable FrameTemplate welcomeTemplate;

	private volatile WsemMetrics metrics = WsemMetrics.NONE;

	private volatile ClientIdResolver idResolver = new DefaultClientIdResolver(ClientIdGenerator.random(), false,
			false);

	DefaultClientHub(JsonCodec codec, Broker broker, ProtocolSettings settings,
			Consumer<ApplicationEvent> eventPublisher, WsemAuthorizer authorizer, @Nullable EventHistory history) {
		this.codec = codec;
		this.broker = broker;
		this.settings = settings;
		this.eventPublisher = eventPublisher;
		EventHandlers handlers = new EventHandlers(codec);
		DirectMessages direct = new DirectMessages(broker, codec, settings.answerTimeout());
		this.history = (settings.historySize() <= 0) ? null : (history != null) ? history
				: new RoomHistories(settings.historySize(), settings.historyTtl(), codec, broker);
		this.authorization = new Authorization(authorizer);
		this.eventManager = new DefaultEventManager(codec, broker, handlers, this.listeners, direct, this.history,
				new LocalClients(this.registry));
		this.dispatcher = new FrameDispatcher(this, handlers, direct, codec, settings, this.authorization);
		this.welcomeTemplate = FrameTemplate.encode(codec, WELCOME_EVENT, welcomeData(FrameTemplate.STRING_SLOT), null,
				String.class);
		broker.attach(new BrokerNode(this, this.registry, direct));
	}

	@Override
	public EventManager eventManager() {
		return this.eventManager;
	}

	@Override
	public boolean authorizeConnect(Handshake handshake) {
		return this.authorization.connect(handshake);
	}

	@Override
	public boolean checksConnect() {
		return this.authorization.checksConnect();
	}

	@Override
	public boolean authorizeRegister(ClientSession client, String room) {
		return this.authorization.register(client, room);
	}

	@Override
	public void connect(ClientSession client) {
		client.attach(this, (this.settings.rateLimit() > 0)
				? new TokenBucket(this.settings.rateLimit(), this.settings.rateBurst(), System.nanoTime()) : null);
		client.sendText(welcomeFrame(client));
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
		if (logger.isDebugEnabled()) {
			logger.debug("Connected " + client);
		}
		this.clientListeners.call(client, (listener) -> listener.onOpen(client));
		this.eventPublisher.accept(new ClientConnectedEvent(client));
	}

	/**
	 * The welcome frame: from the template, unless the transport adds to it.
	 */
	private String welcomeFrame(ClientSession client) {
		Map<String, Object> contributed = new LinkedHashMap<>();
		client.contributeWelcome(contributed);
		FrameTemplate template = this.welcomeTemplate;
		if (contributed.isEmpty() && template != null) {
			return template.render(client.id());
		}
		Map<String, Object> welcome = welcomeData(client.id());
		welcome.putAll(contributed);
		return this.codec.encodeFrame(WELCOME_EVENT, welcome, null, null);
	}

	private Map<String, Object> welcomeData(String id) {
		Map<String, Object> welcome = new LinkedHashMap<>();
		welcome.put("id", id);
		welcome.put("protocol", 1);
		welcome.put("receive", this.settings.receiveType());
		welcome.put("send", this.settings.sendType());
		welcome.put("supportedReceiveTypes", ProtocolSettings.SUPPORTED_TYPES);
		welcome.put("supportedSendTypes", ProtocolSettings.SUPPORTED_TYPES);
		return welcome;
	}

	@Override
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

	@Override
	public void reject(ClientSession client, ErrorCode code, String message, Consumer<String> reply) {
		this.metrics.frameReceived();
		this.dispatcher.fail(client, reply, code, message, null);
	}

	@Override
	public String errorFrame(ErrorCode code, String message, Map<String, Object> details) {
		return this.dispatcher.errorFrame(code.code(), message, null, details);
	}

	@Override
	public boolean resume(ClientSession client, String room, @Nullable String since) {
		EventHistory history = this.history;
		if (since == null || history == null || Delivery.EVERYONE.equals(room)) {
			join(client, room);
			return false;
		}
		return history.resume(new ClientResumption(this, client, room), since);
	}

	@Override
	public @Nullable String position(String room) {
		EventHistory history = this.history;
		if (history == null || Delivery.EVERYONE.equals(room)) {
			return null;
		}
		return history.position(room);
	}

	@Override
	public void failed(ClientSession client, Throwable error) {
		this.clientListeners.call(client, (listener) -> listener.onError(client, error));
	}

	void rejected(ClientSession client, String reason) {
		this.clientListeners.call(client, (listener) -> listener.onRejected(client, reason));
	}

	boolean sendsPlainText() {
		return this.settings.sendsPlainText();
	}

	@Override
	public void overflowed(ClientSession client, int droppedFrames) {
		logger.debug("Closing slow client " + client + ", dropping " + droppedFrames + " frames");
		this.metrics.overflowed(client.transport(), droppedFrames);
	}

	@Override
	public void disconnect(ClientSession client, int closeCode) {
		changeState(client, ConnectionState.CLOSED);
		boolean removed;
		synchronized (client.membership) {
			removed = this.registry.remove(client);
		}
		if (!removed) {
			return;
		}
		for (String room : List.copyOf(client.rooms)) {
			leave(client, room);
		}
		if (this.registry.sessions(client.id()).isEmpty()) {
			this.broker.release(client.id());
		}
		if (logger.isDebugEnabled()) {
			logger.debug("Disconnected " + client + " with status " + closeCode);
		}
		this.clientListeners.call(client, (listener) -> listener.onClose(client, closeCode));
		try {
			this.eventPublisher.accept(new ClientDisconnectedEvent(client, closeCode));
		}
		catch (RuntimeException ex) {
			logger.error("Listener of the disconnect of " + client + " failed", ex);
		}
	}

	@Override
	public void setClientListeners(List<ClientListener> listeners) {
		this.clientListeners.set(listeners);
	}

	@Override
	public void setIdResolver(ClientIdResolver resolver) {
		this.idResolver = resolver;
	}

	ClientIdResolver idResolver() {
		return this.idResolver;
	}

	/**
	 * Give a connected client another id, unless a client of any node has it: the
	 * previous id is released cluster-wide, and the client's rooms move to the new id.
	 * @return {@code false} if the id is taken
	 */
	boolean changeId(ClientSession client, String next) {
		if (!this.registry.sessions(next).isEmpty() || !this.broker.claim(next, true)) {
			return false;
		}
		String previous;
		List<String> rooms = null;
		synchronized (client.membership) {
			previous = client.id();
			if (client.isConnected() && this.registry.rename(client, next)) {
				client.rename(next);
				rooms = List.copyOf(client.rooms);
			}
		}
		if (rooms == null) {
			if (this.registry.sessions(next).isEmpty()) {
				this.broker.release(next);
			}
			return false;
		}
		Set<ClientSession> others = this.registry.sessions(previous);
		if (others.isEmpty()) {
			this.broker.release(previous);
		}
		for (String room : rooms) {
			if (others.stream().noneMatch((other) -> other.rooms.contains(room))) {
				this.broker.left(room, previous, false);
			}
			this.broker.joined(room, next, false);
			registrationsChanged(room);
		}
		logger.debug("Client " + previous + " is now " + next);
		this.clientListeners.call(client, (listener) -> listener.onIdChange(client, previous));
		return true;
	}

	@Override
	public void setMetrics(WsemMetrics metrics) {
		this.metrics = metrics;
	}

	@Override
	public int connectionCount(Transport transport) {
		return this.registry.clientCount(transport);
	}

	@Override
	public int roomCount() {
		return this.registry.roomCount();
	}

	@Override
	public Map<String, Integer> roomSizes() {
		return this.registry.roomSizes();
	}

	@Override
	public int historyRoomCount() {
		return (this.history instanceof RoomHistories histories) ? histories.roomCount() : 0;
	}

	JsonCodec codec() {
		return this.codec;
	}

	WsemMetrics metrics() {
		return this.metrics;
	}

	void join(ClientSession client, String room) {
		EventNames.require(room);
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
		registrationsChanged(room);
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
		registrationsChanged(room);
	}

	void changeState(ClientSession client, ConnectionState next) {
		ConnectionState previous = client.state(next);
		if (previous != null && !this.clientListeners.isEmpty()) {
			this.clientListeners.call(client, (listener) -> listener.onStateChange(client, previous, next));
		}
	}

	void registrationsChanged(String room) {
		this.listeners.changed(room, () -> this.broker.members(room));
	}

	Set<String> listenedRooms() {
		return this.listeners.rooms();
	}

}
