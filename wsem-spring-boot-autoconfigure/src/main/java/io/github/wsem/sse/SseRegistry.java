package io.github.wsem.sse;

import java.security.Principal;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.function.Function;

import io.github.wsem.core.Client;
import io.github.wsem.core.ClientIdResolver;
import io.github.wsem.core.ClientHub;
import io.github.wsem.core.Delivery;
import io.github.wsem.core.ErrorCode;
import io.github.wsem.core.Handshake;
import io.github.wsem.core.JsonCodec;
import io.github.wsem.core.RandomIds;
import io.github.wsem.core.Transport;
import io.github.wsem.core.WsemException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The room-based registry of Server-Sent Events clients, in the manner of simple-sse:
 * {@code add} a client from a request, {@code join} rooms, {@code broadcast}. Its clients
 * are clients of the {@link ClientHub} too, so {@code eventManager.emit(...)} reaches
 * them alongside WebSocket clients.
 *
 * <pre class="code">
 * &#064;GetMapping("/room/{roomId}")
 * SseEmitter room(&#064;PathVariable String roomId, HttpServletRequest request, HttpServletResponse response) {
 *     SseClient client = sse.add(request, response);
 *     sse.join(client, roomId);
 *     return client.emitter();
 * }
 * </pre>
 *
 * <p>
 * All methods are thread-safe and never wait on a client. When the application stops,
 * every stream is ended before the web server's graceful shutdown, which would otherwise
 * wait for these never-ending requests; a browser's {@code EventSource} then reconnects
 * by itself. Its threads, the writers and the heartbeat's scheduler, belong to the
 * application context.
 */
public final class SseRegistry implements SmartLifecycle {

	/** The room every client is in. */
	public static final String EVERYONE = Delivery.EVERYONE;

	private final Map<String, SseClientSession> clientsByToken = new ConcurrentHashMap<>();

	private final ClientHub hub;

	private final ClientIdResolver idResolver;

	private final JsonCodec codec;

	private final SseSettings settings;

	private final Executor writer;

	private final TaskScheduler scheduler;

	private volatile @Nullable ScheduledFuture<?> heartbeat;

	private volatile boolean running;

	/** Whether streams end at once: the registry was stopped. */
	private volatile boolean stopped;

	/**
	 * Create a registry; its heartbeat runs while it is started.
	 * @param hub the hub its clients belong to
	 * @param idResolver decides the ids of new clients
	 * @param codec the JSON codec
	 * @param settings the transport settings
	 * @param writer writes the streams (blocking)
	 * @param scheduler runs the heartbeat
	 */
	public SseRegistry(ClientHub hub, ClientIdResolver idResolver, JsonCodec codec, SseSettings settings,
			Executor writer, TaskScheduler scheduler) {
		this.hub = hub;
		this.idResolver = idResolver;
		this.codec = codec;
		this.settings = settings;
		this.writer = writer;
		this.scheduler = scheduler;
	}

	/**
	 * Register a client for the request and open its stream, which begins with the
	 * {@code retry} line and the {@code wsem:welcome} event. With the request parameter
	 * {@code frames=1}, every message's data is the whole wsem frame (as on WebSocket)
	 * and no {@code event:} line is written: the form {@code wsem.js} reads. Return the
	 * client's {@link SseClient#emitter() emitter} from the controller method.
	 * @param request the request of the stream
	 * @param response the response, given the headers that keep proxies from buffering;
	 * may be {@code null}
	 * @return the new client
	 * @throws io.github.wsem.core.WsemException {@code forbidden} if the
	 * {@link io.github.wsem.core.WsemAuthorizer} refuses the connection or the client may
	 * not have the id it asked for
	 */
	public SseClient add(HttpServletRequest request, @Nullable HttpServletResponse response) {
		return add(request, response, (client) -> Map.of());
	}

	/**
	 * Register a client whose stream starts at the history positions {@code cursor}
	 * returns for it before it is connected, written as the welcome event's {@code id:}.
	 */
	SseClientSession add(HttpServletRequest request, @Nullable HttpServletResponse response,
			Function<SseClientSession, Map<String, String>> cursor) {
		HttpHeaders headers = new ServletServerHttpRequest(request).getHeaders();
		Principal principal = request.getUserPrincipal();
		Map<String, Object> attributes = new ConcurrentHashMap<>();
		ServletServerHttpRequest serverRequest = new ServletServerHttpRequest(request);
		if (!this.hub.authorizeConnect(new Handshake(Transport.SSE, serverRequest.getURI(),
				HttpHeaders.readOnlyHttpHeaders(headers), principal, serverRequest.getRemoteAddress(), attributes))) {
			throw new WsemException(ErrorCode.FORBIDDEN, "Connection refused");
		}
		if (response != null) {
			response.setHeader(HttpHeaders.CACHE_CONTROL, "no-cache");
			response.setHeader("X-Accel-Buffering", "no");
		}
		SseEmitter emitter = new SseEmitter(
				(this.settings.timeout() != null) ? this.settings.timeout().toMillis() : 0L);
		String id = this.idResolver.resolveId(principal, request.getParameter("id"));
		SseClientSession client = new SseClientSession(id, principal, headers, attributes, emitter, newToken(),
				this.codec, this.writer, this.settings,
				Boolean.parseBoolean(request.getParameter("frames")) || "1".equals(request.getParameter("frames")),
				this::forget);
		client.startAt(cursor.apply(client));
		emitter.onCompletion(client::closed);
		emitter.onTimeout(client::closed);
		emitter.onError((ex) -> client.closed());
		client.offer(SseChunk.of(SseText.retry(this.settings.retry().toMillis()) + SseText.comment("wsem")));
		this.hub.connect(client);
		this.clientsByToken.put(client.token(), client);
		if (this.stopped) {
			client.close();
		}
		return client;
	}

	/**
	 * Register a client for the request; see
	 * {@link #add(HttpServletRequest, HttpServletResponse)}.
	 * @param request the request of the stream
	 * @return the new client
	 */
	public SseClient add(HttpServletRequest request) {
		return add(request, null);
	}

	/**
	 * Tell a client's browser how long to wait before reconnecting.
	 * @param client the client
	 * @param millis the delay in milliseconds
	 */
	public void setRetry(Client client, long millis) {
		session(client).offer(SseChunk.of(SseText.retry(millis) + "\n"));
	}

	/**
	 * Make a client a member of a room; {@code *} makes it receive every event emitted to
	 * any room.
	 * @param client the client
	 * @param room the room
	 */
	public void join(Client client, String room) {
		client.join(room);
	}

	/**
	 * Remove a client from a room.
	 * @param client the client
	 * @param room the room
	 */
	public void leave(Client client, String room) {
		client.leave(room);
	}

	/**
	 * Whether a client is in a room; always {@code true} for {@code *}.
	 * @param client the client
	 * @param room the room
	 * @return {@code true} if it is
	 */
	public boolean in(Client client, String room) {
		return EVERYONE.equals(room) || client.rooms().contains(room);
	}

	/**
	 * Send an event to one client.
	 * @param client the client
	 * @param event the event name
	 * @param data the data: JSON for objects, a string as-is over several {@code data:}
	 * lines
	 */
	public void send(Client client, String event, @Nullable Object data) {
		client.send(event, data);
	}

	/**
	 * Send an unnamed event (a browser's {@code onmessage}) to one client.
	 * @param client the client
	 * @param data the data
	 */
	public void send(Client client, @Nullable Object data) {
		send(client, "message", data);
	}

	/**
	 * Send an event to every member of a room; {@code *} means every client.
	 * @param room the room
	 * @param event the event name
	 * @param data the data
	 */
	public void broadcast(String room, String event, @Nullable Object data) {
		this.hub.eventManager().to(room).emit(event, data);
	}

	/**
	 * Send an unnamed event to every member of a room; {@code *} means every client.
	 * @param room the room
	 * @param data the data
	 */
	public void broadcast(String room, @Nullable Object data) {
		broadcast(room, "message", data);
	}

	/**
	 * Forget a client and its rooms without closing its stream.
	 * @param client the client
	 */
	public void remove(Client client) {
		if (client instanceof SseClientSession session) {
			forget(session);
		}
	}

	/**
	 * Find a client of this registry by id.
	 * @param id the client id
	 * @return the client, or empty
	 */
	public Optional<SseClient> find(String id) {
		return this.clientsByToken.values()
			.stream()
			.filter((client) -> client.id().equals(id))
			.findFirst()
			.map(SseClient.class::cast);
	}

	/**
	 * Return the number of SSE clients connected to this node.
	 * @return the count
	 */
	public int size() {
		return this.clientsByToken.size();
	}

	@Override
	public void start() {
		this.stopped = false;
		this.running = true;
		if (this.heartbeat == null) {
			this.heartbeat = this.scheduler.scheduleAtFixedRate(this::ping,
					Instant.now().plus(this.settings.heartbeat()), this.settings.heartbeat());
		}
	}

	/**
	 * End every stream, after the events already queued, so that no open stream holds up
	 * the web server's graceful shutdown. Streams opened afterwards end at once.
	 */
	@Override
	public void stop() {
		this.stopped = true;
		this.running = false;
		ScheduledFuture<?> heartbeat = this.heartbeat;
		if (heartbeat != null) {
			heartbeat.cancel(false);
			this.heartbeat = null;
		}
		this.clientsByToken.values().forEach(SseClientSession::close);
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/**
	 * Return the client with the given id and token, as {@code POST .../emit} names it.
	 */
	@Nullable SseClientSession authenticate(@Nullable String id, @Nullable String token) {
		SseClientSession client = (token != null) ? this.clientsByToken.get(token) : null;
		return (client != null && client.isNamed(id) && client.hasToken(token)) ? client : null;
	}

	private SseClientSession session(Client client) {
		if (client instanceof SseClientSession session && this.clientsByToken.containsKey(session.token())) {
			return session;
		}
		throw new IllegalArgumentException("Not a client of this registry: " + client.id());
	}

	/**
	 * Forget a client; one ended because it could not keep up is disconnected with 1013,
	 * as a WebSocket client would be.
	 */
	private void forget(SseClientSession client) {
		if (this.clientsByToken.remove(client.token(), client)) {
			int dropped = client.overflowDropped();
			if (dropped >= 0) {
				this.hub.overflowed(client, dropped);
			}
			this.hub.disconnect(client, (dropped >= 0) ? 1013 : 1000);
		}
	}

	private void ping() {
		SseChunk ping = SseChunk.of(SseText.comment("ping"));
		this.clientsByToken.values().forEach((client) -> client.offer(ping));
	}

	private static String newToken() {
		return RandomIds.next(16);
	}

}
