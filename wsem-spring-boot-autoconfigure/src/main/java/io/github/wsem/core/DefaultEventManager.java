package io.github.wsem.core;

import java.lang.reflect.Type;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import org.jspecify.annotations.Nullable;

import org.springframework.core.ParameterizedTypeReference;

/**
 * The {@link EventManager} of one node, the application's side of its {@link ClientHub}:
 * emits go to the {@link Broker}, which delivers them to the clients of every node.
 */
final class DefaultEventManager implements EventManager {

	private final JsonCodec codec;

	private final Broker broker;

	private final EventHandlers handlers;

	private final RegistrationListeners listeners;

	private final DirectMessages direct;

	private final @Nullable EventHistory history;

	private final Clients clients;

	DefaultEventManager(JsonCodec codec, Broker broker, EventHandlers handlers, RegistrationListeners listeners,
			DirectMessages direct, @Nullable EventHistory history, Clients clients) {
		this.codec = codec;
		this.broker = broker;
		this.handlers = handlers;
		this.listeners = listeners;
		this.direct = direct;
		this.history = history;
		this.clients = clients;
	}

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
		EventNames.requireApplicationName(event);
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

	/**
	 * Encode an emit once and publish it. An emit to one room with history on is handed
	 * to the history, which gives it the room's next id and keeps it.
	 */
	void publish(Set<String> rooms, Set<String> except, String event, @Nullable Object data) {
		EventNames.requireApplicationName(event);
		publishChecked(rooms, except, event, data);
	}

	/**
	 * Publish a raw text frame, carried as {@link OutboundEvent#RAW_EVENT}.
	 */
	void publishText(Set<String> rooms, Set<String> except, String text) {
		publishChecked(rooms, except, OutboundEvent.RAW_EVENT, text);
	}

	private void publishChecked(Set<String> rooms, Set<String> except, String event, @Nullable Object data) {
		rooms.forEach(EventNames::require);
		String room = (rooms.size() == 1) ? rooms.iterator().next() : null;
		EventHistory history = this.history;
		if (room == null || Delivery.EVERYONE.equals(room) || history == null) {
			this.broker.publish(new Delivery(rooms, except, OutboundEvent.encode(this.codec, event, data, null)));
			return;
		}
		history.publish(room, except, event, (data != null) ? this.codec.encode(data) : null);
	}

}
