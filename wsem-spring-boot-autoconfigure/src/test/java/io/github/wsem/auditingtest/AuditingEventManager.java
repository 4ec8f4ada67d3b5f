package io.github.wsem.auditingtest;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.wsem.core.Broadcast;
import io.github.wsem.core.Clients;
import io.github.wsem.core.DirectAnswer;
import io.github.wsem.core.EventHandler;
import io.github.wsem.core.EventManager;
import io.github.wsem.core.RegistrationListener;
import org.jspecify.annotations.Nullable;

import org.springframework.core.ParameterizedTypeReference;

/**
 * Records the events the application emits to rooms, and delegates everything to wsem's
 * own event manager.
 */
public final class AuditingEventManager implements EventManager {

	public final List<String> emits = new CopyOnWriteArrayList<>();

	private final EventManager delegate;

	public AuditingEventManager(EventManager delegate) {
		this.delegate = delegate;
	}

	@Override
	public void emit(String event, @Nullable Object data) {
		this.emits.add(event);
		this.delegate.emit(event, data);
	}

	@Override
	public Broadcast to(String room) {
		this.emits.add(room);
		return this.delegate.to(room);
	}

	@Override
	public Broadcast except(String clientId) {
		return this.delegate.except(clientId);
	}

	@Override
	public <T> void on(String event, Class<T> type, EventHandler<T> handler) {
		this.delegate.on(event, type, handler);
	}

	@Override
	public <T> void on(String event, ParameterizedTypeReference<T> type, EventHandler<T> handler) {
		this.delegate.on(event, type, handler);
	}

	@Override
	public void on(String event, EventHandler<Object> handler) {
		this.delegate.on(event, handler);
	}

	@Override
	public void off(String event, EventHandler<?> handler) {
		this.delegate.off(event, handler);
	}

	@Override
	public void addListener(String event, RegistrationListener listener) {
		this.delegate.addListener(event, listener);
	}

	@Override
	public void removeListener(String event, RegistrationListener listener) {
		this.delegate.removeListener(event, listener);
	}

	@Override
	public void send(String clientId, @Nullable Object message) {
		this.delegate.send(clientId, message);
	}

	@Override
	public CompletableFuture<DirectAnswer> request(String clientId, @Nullable Object message, Duration timeout) {
		return this.delegate.request(clientId, message, timeout);
	}

	@Override
	public boolean hasClientRegistration(String event) {
		return this.delegate.hasClientRegistration(event);
	}

	@Override
	public Clients clients() {
		return this.delegate.clients();
	}

}
