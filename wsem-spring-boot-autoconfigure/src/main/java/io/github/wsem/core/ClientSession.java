package io.github.wsem.core;

import java.security.Principal;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;

/**
 * Base class of the {@link Client} of one transport. Transports implement the sending and
 * closing of frames; membership, sending of events and the error budget live here.
 *
 * <p>
 * Part of the transport SPI ({@link ClientHub}): applications use {@link Client}. Public
 * because the transports, in other packages, extend it; its package-private hooks are
 * what the core needs, so it cannot leave {@code core}. Only the transport packages use
 * it ({@code ArchitectureTests}).
 */
public abstract class ClientSession implements Client {

	private volatile String id;

	private final Transport transport;

	private final @Nullable Principal principal;

	private volatile @Nullable HttpHeaders handshakeHeaders;

	private volatile @Nullable Supplier<HttpHeaders> handshakeHeaderSource;

	private final Map<String, Object> attributes;

	/** The rooms of this client; most clients are in one or two. */
	final Set<String> rooms = ConcurrentHashMap.newKeySet(1);

	/**
	 * Guards joining and leaving, so that {@link #rooms} and the registry change
	 * together.
	 */
	final Object membership = new Object();

	final ErrorWindow errors = new ErrorWindow();

	private volatile @Nullable TokenBucket frameBudget;

	/** The gates of the rooms this client resumes, created on the first resume. */
	private volatile @Nullable Map<String, LiveGate> gates;

	private volatile @Nullable DefaultClientHub hub;

	private volatile ConnectionState state = ConnectionState.OPENING;

	/**
	 * Create a session.
	 * @param id the client id
	 * @param transport the transport
	 * @param principal the authenticated user, or {@code null}
	 * @param handshakeHeaders the headers of the opening request
	 * @param attributes the per-connection storage, thread-safe
	 */
	protected ClientSession(String id, Transport transport, @Nullable Principal principal, HttpHeaders handshakeHeaders,
			Map<String, Object> attributes) {
		this.id = id;
		this.transport = transport;
		this.principal = principal;
		this.handshakeHeaders = HttpHeaders.readOnlyHttpHeaders(handshakeHeaders);
		this.attributes = attributes;
	}

	/**
	 * Create a session whose handshake headers are built the first time they are asked
	 * for: a transport that keeps them more compactly than {@link HttpHeaders} until
	 * then.
	 * @param id the client id
	 * @param transport the transport
	 * @param principal the authenticated user, or {@code null}
	 * @param handshakeHeaders builds the read-only headers of the opening request
	 * @param attributes the per-connection storage, thread-safe
	 */
	protected ClientSession(String id, Transport transport, @Nullable Principal principal,
			Supplier<HttpHeaders> handshakeHeaders, Map<String, Object> attributes) {
		this.id = id;
		this.transport = transport;
		this.principal = principal;
		this.handshakeHeaderSource = handshakeHeaders;
		this.attributes = attributes;
	}

	/**
	 * Close the underlying connection after the frames already queued are sent. Must not
	 * block.
	 * @param code the WebSocket close status code
	 * @param reason the reason, may be empty
	 */
	protected abstract void closeConnection(int code, String reason);

	/**
	 * Send an emitted event; the default sends its WebSocket frame.
	 * @param event the encoded event, shared by all recipients
	 */
	protected void sendEvent(OutboundEvent event) {
		sendText(event.frame());
	}

	/**
	 * Send an event in the configured send type.
	 */
	final void write(OutboundEvent event) {
		DefaultClientHub hub = this.hub;
		sendEvent((hub != null && hub.sendsPlainText()) ? event.asText(hub.codec()) : event);
	}

	/**
	 * Send a text frame shared with other recipients; the default sends its text.
	 * @param text the frame, shared by all recipients
	 */
	protected void sendShared(OutboundText text) {
		sendText(text.text());
	}

	/**
	 * Send an event delivered live to a room's members, unless the client resumes that
	 * room and the event is held back or already replayed.
	 */
	final void deliver(OutboundEvent event) {
		Map<String, LiveGate> gates = this.gates;
		if (gates != null && event.room() != null) {
			LiveGate gate = gates.get(event.room());
			if (gate != null) {
				OutboundEvent passed = gate.intercept(event);
				if (gate.isOpen()) {
					gates.remove(event.room(), gate);
				}
				if (passed == null) {
					return;
				}
				write(passed);
				return;
			}
		}
		write(event);
	}

	/**
	 * Hold back the live events of a room until {@link #release}.
	 */
	void hold(String room) {
		Map<String, LiveGate> gates = this.gates;
		if (gates == null) {
			synchronized (this.membership) {
				gates = this.gates;
				if (gates == null) {
					gates = new ConcurrentHashMap<>(4);
					this.gates = gates;
				}
			}
		}
		gates.put(room, new LiveGate());
	}

	/**
	 * Send the held events of a room that the client does not have, and drop the ones it
	 * has until a new one arrives; then apply the filter, if any, until it is done.
	 */
	void release(String room, Predicate<OutboundEvent> unseen, EventHistory.@Nullable LiveFilter filter) {
		Map<String, LiveGate> gates = this.gates;
		LiveGate gate = (gates != null) ? gates.get(room) : null;
		if (gate != null && gate.release(unseen, filter, this)) {
			gates.remove(room, gate);
		}
	}

	/**
	 * Whether the client got a node's emits to a room up to a number from that node,
	 * although the room's history does not hold them.
	 */
	boolean has(String room, String origin, long number) {
		Map<String, LiveGate> gates = this.gates;
		LiveGate gate = (gates != null) ? gates.get(room) : null;
		return gate != null && gate.has(origin, number);
	}

	/**
	 * Drop the gate of a room the client left.
	 */
	void forgetGate(String room) {
		Map<String, LiveGate> gates = this.gates;
		if (gates != null) {
			gates.remove(room);
		}
	}

	/**
	 * Called after the client's id changed ({@code wsem:id}), before the rooms move to
	 * the new id. Must not block.
	 * @param previous the id the client had before
	 */
	protected void idChanged(String previous) {
	}

	/**
	 * Give the client another id; the caller keeps the registry in step.
	 */
	final void rename(String next) {
		String previous = this.id;
		this.id = next;
		idChanged(previous);
	}

	/**
	 * Start sending the frames queued so far, the welcome frame first. Called once, when
	 * the client is registered; a transport queues the frames sent before, so that
	 * nothing overtakes the welcome frame.
	 */
	protected void startSending() {
	}

	/**
	 * Add transport-specific entries to the welcome frame's data.
	 * @param data the mutable data of the welcome frame
	 */
	protected void contributeWelcome(Map<String, Object> data) {
	}

	@Override
	public String id() {
		return this.id;
	}

	@Override
	public Transport transport() {
		return this.transport;
	}

	@Override
	public @Nullable Principal principal() {
		return this.principal;
	}

	@Override
	public HttpHeaders handshakeHeaders() {
		HttpHeaders headers = this.handshakeHeaders;
		if (headers == null) {
			Supplier<HttpHeaders> source = this.handshakeHeaderSource;
			headers = (source != null) ? source.get() : HttpHeaders.readOnlyHttpHeaders(new HttpHeaders());
			this.handshakeHeaders = headers;
			this.handshakeHeaderSource = null;
		}
		return headers;
	}

	@Override
	public Map<String, Object> attributes() {
		return this.attributes;
	}

	@Override
	public Set<String> rooms() {
		return Set.copyOf(this.rooms);
	}

	@Override
	public void send(String event, @Nullable Object data) {
		EventNames.requireApplicationName(event);
		DefaultClientHub hub = hub();
		write(OutboundEvent.encode(hub.codec(), event, data, null));
		hub.metrics().delivered(1);
	}

	@Override
	public void broadcast(String event, @Nullable Object data) {
		hub().eventManager().to(Delivery.EVERYONE).except(this.id).emit(event, data);
	}

	@Override
	public ConnectionState state() {
		return this.state;
	}

	@Override
	public void join(String room) {
		hub().join(this, room);
	}

	@Override
	public void leave(String room) {
		hub().leave(this, room);
	}

	@Override
	public void close() {
		closing(1000, "");
	}

	@Override
	public void reject(String reason) {
		closing(1008, reason);
	}

	/**
	 * Move to {@link ConnectionState#CLOSING} and close the connection after the queued
	 * frames.
	 */
	void closing(int code, String reason) {
		DefaultClientHub hub = this.hub;
		if (hub != null) {
			if (code == 1008 && isConnected()) {
				hub.rejected(this, reason);
			}
			hub.changeState(this, ConnectionState.CLOSING);
		}
		closeConnection(code, reason);
	}

	/**
	 * Take one frame from this client's budget.
	 * @return {@code false} if the client sends faster than allowed
	 */
	boolean allowFrame() {
		TokenBucket budget = this.frameBudget;
		return budget == null || budget.tryTake(System.nanoTime());
	}

	boolean isConnected() {
		ConnectionState state = this.state;
		return state == ConnectionState.CONNECTED || state == ConnectionState.CLOSING;
	}

	void attach(DefaultClientHub hub, @Nullable TokenBucket frameBudget) {
		this.frameBudget = frameBudget;
		this.hub = hub;
	}

	/**
	 * Set the state.
	 * @return the previous state, or {@code null} if it did not change
	 */
	synchronized @Nullable ConnectionState state(ConnectionState next) {
		ConnectionState previous = this.state;
		if (previous == next || previous == ConnectionState.CLOSED
				|| (previous == ConnectionState.CLOSING && next != ConnectionState.CLOSED)) {
			return null;
		}
		this.state = next;
		return previous;
	}

	private DefaultClientHub hub() {
		DefaultClientHub hub = this.hub;
		if (hub == null) {
			throw new IllegalStateException("Client " + this.id + " is not connected yet");
		}
		return hub;
	}

	@Override
	public String toString() {
		return getClass().getSimpleName() + "[" + this.id + "]";
	}

}
