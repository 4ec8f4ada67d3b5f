package io.github.wsem.core;

import java.lang.reflect.Type;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.stream.Stream;

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

	private final RoomRegistry registry = new RoomRegistry();

	private final Map<String, List<RegistrationListener>> listeners = new ConcurrentHashMap<>();

	private final Clients clients = new LocalClients();

	private final JsonCodec codec;

	private final Broker broker;

	private final ProtocolSettings settings;

	private final Consumer<ApplicationEvent> eventPublisher;

	private final EventHandlers handlers;

	private final FrameDispatcher dispatcher;

	/**
	 * Create an event manager and attach it to its broker.
	 * @param codec the JSON codec
	 * @param broker the broker to other nodes
	 * @param settings the protocol settings
	 * @param eventPublisher where connect and disconnect events are published
	 */
	public DefaultEventManager(JsonCodec codec, Broker broker, ProtocolSettings settings,
			Consumer<ApplicationEvent> eventPublisher) {
		this.codec = codec;
		this.broker = broker;
		this.settings = settings;
		this.eventPublisher = eventPublisher;
		this.handlers = new EventHandlers(codec);
		this.dispatcher = new FrameDispatcher(this, this.handlers, codec, settings);
		broker.attach(this);
	}

	// Transport SPI

	/**
	 * Queue a newly connected client's welcome frame, register the client, then let
	 * it send: the welcome is always the first frame, and a client that has it can
	 * be found.
	 * @param client the client
	 * @throws IllegalStateException if a client with the same id is connected
	 */
	public void connect(ClientSession client) {
		client.attach(this);
		Map<String, Object> welcome = new LinkedHashMap<>();
		welcome.put("id", client.id());
		welcome.put("protocol", 1);
		welcome.put("receive", this.settings.receiveType());
		welcome.put("send", this.settings.sendType());
		client.contributeWelcome(welcome);
		client.sendText(this.codec.encodeFrame("wsem:welcome", welcome, null, null));
		if (!this.registry.add(client)) {
			client.detach();
			throw new IllegalStateException("Client id " + client.id() + " is already connected");
		}
		client.startSending();
		logger.debug("Connected " + client);
		this.eventPublisher.accept(new ClientConnectedEvent(client));
	}

	/**
	 * Forget a client whose connection closed, with all its memberships. Calling it
	 * again for the same client does nothing. Never throws: it may run on the thread
	 * of an emit to other clients, so a failing listener is only logged.
	 * @param client the client
	 * @param closeCode the close status code
	 */
	public void disconnect(ClientSession client, int closeCode) {
		client.detach();
		if (!this.registry.remove(client)) {
			return;
		}
		for (String room : List.copyOf(client.rooms)) {
			leave(client, room);
		}
		logger.debug("Disconnected " + client + " with status " + closeCode);
		try {
			this.eventPublisher.accept(new ClientDisconnectedEvent(client, closeCode));
		}
		catch (RuntimeException ex) {
			logger.error("Listener of the disconnect of " + client + " failed", ex);
		}
	}

	/**
	 * Act on one inbound text frame of a client.
	 * @param client the client
	 * @param text the frame's text
	 * @param reply where acks and errors for the client go
	 */
	public void dispatch(ClientSession client, String text, Consumer<String> reply) {
		this.dispatcher.dispatch(client, text, reply);
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
		this.dispatcher.fail(client, reply, code, message, null);
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
		this.listeners.computeIfAbsent(event, (name) -> new CopyOnWriteArrayList<>()).add(listener);
	}

	@Override
	public void removeListener(String event, RegistrationListener listener) {
		this.listeners.computeIfPresent(event, (name, list) -> {
			list.remove(listener);
			return list.isEmpty() ? null : list;
		});
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
		Set<String> except = delivery.except();
		String frame = delivery.frame();
		if (delivery.rooms().size() == 1) {
			for (ClientSession member : this.registry.members(delivery.rooms().iterator().next())) {
				if (!except.contains(member.id())) {
					member.sendText(frame);
				}
			}
			return;
		}
		Set<ClientSession> reached = new HashSet<>();
		for (String room : delivery.rooms()) {
			for (ClientSession member : this.registry.members(room)) {
				if (!except.contains(member.id()) && reached.add(member)) {
					member.sendText(frame);
				}
			}
		}
	}

	@Override
	public boolean hasLocalMembers(String room) {
		return !this.registry.members(room).isEmpty();
	}

	// internals

	void publish(Set<String> rooms, Set<String> except, String event, @Nullable Object data) {
		requireName(event);
		rooms.forEach(DefaultEventManager::requireName);
		this.broker.publish(new Delivery(rooms, except, this.codec.encodeFrame(event, data, null, null)));
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
		if (opened) {
			this.broker.roomOpened(room);
		}
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
		if (closed) {
			this.broker.roomClosed(room);
		}
		notifyListeners(room);
	}

	private void notifyListeners(String room) {
		List<RegistrationListener> list = this.listeners.get(room);
		if (list == null) {
			return;
		}
		Set<String> ids = this.registry.memberIds(room);
		for (RegistrationListener listener : list) {
			try {
				listener.registrationsChanged(room, ids);
			}
			catch (RuntimeException ex) {
				logger.error("Registration listener of " + room + " failed", ex);
			}
		}
	}

	private static void requireName(String name) {
		if (!EventNames.isValid(name)) {
			throw new IllegalArgumentException("Invalid event or room name: '" + name + "'");
		}
	}

	private final class LocalClients implements Clients {

		@Override
		public int count() {
			return DefaultEventManager.this.registry.clientCount();
		}

		@Override
		public Optional<Client> find(String id) {
			return DefaultEventManager.this.registry.find(id);
		}

		@Override
		public Stream<Client> stream() {
			return DefaultEventManager.this.registry.clients().map(Client.class::cast);
		}

		@Override
		public Iterator<Client> iterator() {
			return stream().iterator();
		}

	}

}
