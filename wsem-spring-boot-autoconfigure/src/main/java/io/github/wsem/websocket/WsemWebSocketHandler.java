package io.github.wsem.websocket;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;

import io.github.wsem.core.ClientIdResolver;
import io.github.wsem.core.ClientHub;
import io.github.wsem.core.ErrorCode;
import io.github.wsem.core.WsemException;
import io.github.wsem.outbound.OutboundQueue;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;
import org.springframework.util.ClassUtils;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.SubProtocolCapable;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.adapter.NativeWebSocketSession;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The {@link WebSocketHandler} at {@code wsem.endpoint}: turns each connection into a
 * client of the {@link ClientHub} and hands it every text message. Messages arrive in
 * parts and are joined up to {@code wsem.max-frame-size}. Its threads belong to the
 * application context, which also shuts them down.
 */
public final class WsemWebSocketHandler implements WebSocketHandler, SubProtocolCapable, SmartLifecycle {

	private static final Log logger = LogFactory.getLog(WsemWebSocketHandler.class);

	private static final boolean JAKARTA_WEBSOCKET_PRESENT = ClassUtils.isPresent("jakarta.websocket.Session",
			WsemWebSocketHandler.class.getClassLoader());

	private static final boolean TOMCAT_PRESENT = ClassUtils.isPresent(
			"org.apache.tomcat.websocket.server.WsRemoteEndpointImplServer",
			WsemWebSocketHandler.class.getClassLoader());

	private static final int MAX_FRAMES_PER_WRITE = 64;

	private static final int MAX_BYTES_PER_WRITE = 64 * 1024;

	private final Map<String, WebSocketClientSession> clients = new ConcurrentHashMap<>();

	private final ClientHub hub;

	private final ClientIdResolver idResolver;

	private final WebSocketSettings settings;

	private final Executor waiters;

	private final Semaphore blockingWriters;

	private final Executor writers;

	private final Executor sessionWriters;

	private final OutboundQueue.Limits batchLimits;

	private final OutboundQueue.Limits unbatchedLimits;

	private final AtomicReference<@Nullable Runnable> stopCallback = new AtomicReference<>();

	private volatile boolean running;

	private volatile @Nullable WriterKind writerInUse;

	/**
	 * Create a handler.
	 * @param hub the hub the clients belong to
	 * @param idResolver decides the ids of new clients
	 * @param settings the transport settings
	 * @param writers writes the queues of Tomcat connections, never blocking
	 * @param sessionWriters writes the queues of connections that only have Spring's
	 * blocking send (Jetty)
	 * @param waiters closes sessions, and waits for Tomcat's own frames to be written
	 */
	public WsemWebSocketHandler(ClientHub hub, ClientIdResolver idResolver, WebSocketSettings settings,
			Executor writers, Executor sessionWriters, Executor waiters) {
		this.hub = hub;
		this.idResolver = idResolver;
		this.settings = settings;
		this.waiters = waiters;
		this.blockingWriters = new Semaphore(settings.blockingWriters());
		this.writers = writers;
		this.sessionWriters = sessionWriters;
		this.batchLimits = limits(settings, MAX_BYTES_PER_WRITE);
		this.unbatchedLimits = limits(settings, Integer.MAX_VALUE);
	}

	/**
	 * Return the number of WebSocket connections of this node.
	 * @return the count
	 */
	public int connectionCount() {
		return this.clients.size();
	}

	/**
	 * Return how the last connection's frames are written.
	 */
	@Nullable WriterKind writerInUse() {
		return this.writerInUse;
	}

	ClientHub hub() {
		return this.hub;
	}

	@Override
	public List<String> getSubProtocols() {
		return this.settings.subprotocols();
	}

	@Override
	public void afterConnectionEstablished(WebSocketSession session) throws IOException {
		WebSocketClientSession client = null;
		try {
			String id = this.idResolver.resolveId(session.getPrincipal(), requestedId(session));
			client = new WebSocketClientSession(id, session, this, this.settings.maxFrameSize());
			this.clients.put(session.getId(), client);
			this.hub.connect(client);
		}
		catch (WsemException ex) {
			if (client != null) {
				this.clients.remove(session.getId(), client);
			}
			logger.debug("Refused session " + session.getId() + ": " + ex.getMessage());
			session.close(CloseStatus.POLICY_VIOLATION.withReason(String.valueOf(ex.getMessage())));
		}
	}

	@Override
	public void handleMessage(WebSocketSession session, WebSocketMessage<?> message) {
		WebSocketClientSession client = this.clients.get(session.getId());
		if (client == null) {
			return;
		}
		if (message instanceof TextMessage text) {
			switch (client.assembler().append(text.getPayload(), text.isLast())) {
				case COMPLETE -> this.hub.dispatch(client, client.assembler().take(), client::sendText);
				case TOO_LARGE -> this.hub.reject(client, ErrorCode.TOO_LARGE,
						"Frame larger than " + this.settings.maxFrameSize() + " bytes", client::sendText);
				case INCOMPLETE -> {
				}
			}
		}
		else if (message instanceof BinaryMessage binary && binary.isLast()) {
			this.hub.reject(client, ErrorCode.BAD_FRAME, "Binary frames are not supported", client::sendText);
		}
	}

	@Override
	public void handleTransportError(WebSocketSession session, Throwable exception) {
		logger.debug("Transport error on session " + session.getId(), exception);
		WebSocketClientSession client = this.clients.get(session.getId());
		if (client != null) {
			this.hub.failed(client, exception);
		}
	}

	@Override
	public void afterConnectionClosed(WebSocketSession session, CloseStatus closeStatus) {
		WebSocketClientSession client = this.clients.remove(session.getId());
		if (client != null) {
			this.hub.disconnect(client, closeStatus.getCode());
		}
		if (!this.running) {
			runStopCallbackWhenAllClosed();
		}
	}

	@Override
	public boolean supportsPartialMessages() {
		return true;
	}

	@Override
	public void start() {
		if (!this.running) {
			logger.info("wsem writes WebSocket frames " + writerDescription());
		}
		this.running = true;
	}

	private String writerDescription() {
		if (useTomcatSocket()) {
			return "straight to Tomcat's socket";
		}
		if (TOMCAT_PRESENT) {
			return "through the container's WebSocket API (wsem.websocket.tomcat-fast-path="
					+ this.settings.tomcatFastPath() + ")";
		}
		return "through Spring's WebSocketSession on the writer threads";
	}

	private boolean useTomcatSocket() {
		return TOMCAT_PRESENT && this.settings.tomcatFastPath() && TomcatSockets.isAvailable();
	}

	@Override
	public void stop() {
		stop(() -> {
		});
	}

	/**
	 * Close every connection with 1001 (going away) before the web server stops, and call
	 * back once they are all closed.
	 */
	@Override
	public void stop(Runnable callback) {
		this.running = false;
		this.stopCallback.set(callback);
		this.clients.values()
			.forEach((client) -> client.closeConnection(CloseStatus.GOING_AWAY.getCode(), "Server shutting down"));
		runStopCallbackWhenAllClosed();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	private static @Nullable String requestedId(WebSocketSession session) {
		URI uri = session.getUri();
		if (uri == null || uri.getRawQuery() == null) {
			return null;
		}
		String id = UriComponentsBuilder.fromUri(uri).build().getQueryParams().getFirst("id");
		return (id != null) ? URLDecoder.decode(id, StandardCharsets.UTF_8) : null;
	}

	private void runStopCallbackWhenAllClosed() {
		if (this.clients.isEmpty()) {
			Runnable callback = this.stopCallback.getAndSet(null);
			if (callback != null) {
				callback.run();
			}
		}
	}

	/**
	 * Create the outbound queue of a session with the fastest writer its container
	 * allows: Tomcat's socket, else the container's WebSocket API, else Spring's blocking
	 * send on the writer threads.
	 */
	OutboundQueue<TextFrame> createQueue(WebSocketSession session, OutboundQueue.Closer closer) {
		long timeLimit = this.settings.sendTimeLimit().toMillis();
		if (JAKARTA_WEBSOCKET_PRESENT && session instanceof NativeWebSocketSession nativeSession) {
			jakarta.websocket.Session standard = nativeSession.getNativeSession(jakarta.websocket.Session.class);
			if (standard != null) {
				TomcatBatchWriter tomcat = useTomcatSocket()
						? TomcatBatchWriter.create(standard, timeLimit, this.waiters) : null;
				if (tomcat != null) {
					this.writerInUse = WriterKind.TOMCAT;
					return new OutboundQueue<>(tomcat, TextFrame::size, this.batchLimits, this.writers, false, closer);
				}
				this.writerInUse = WriterKind.CONTAINER;
				return new OutboundQueue<>(new AsyncBatchWriter(standard, this.blockingWriters, timeLimit),
						TextFrame::size, this.unbatchedLimits, null, false, closer);
			}
		}
		this.writerInUse = WriterKind.SESSION;
		return new OutboundQueue<>(new SessionBatchWriter(session), TextFrame::size, this.batchLimits,
				this.sessionWriters, true, closer);
	}

	private static OutboundQueue.Limits limits(WebSocketSettings settings, int maxBatchBytes) {
		return new OutboundQueue.Limits(settings.sendBufferLimit(), settings.sendTimeLimit(), MAX_FRAMES_PER_WRITE,
				maxBatchBytes);
	}

	void close(WebSocketClientSession client, WebSocketSession session, CloseStatus status) {
		int dropped = client.queue().overflowDropped();
		if (dropped >= 0) {
			this.hub.overflowed(client, dropped);
		}
		this.hub.disconnect(client, status.getCode());
		this.waiters.execute(() -> {
			try {
				session.close(status);
			}
			catch (IOException | RuntimeException ex) {
				logger.debug("Closing session " + session.getId() + " failed", ex);
			}
		});
	}

	/**
	 * The ways frames reach a connection, fastest first.
	 */
	enum WriterKind {

		/** Ready-made frames straight to Tomcat's socket. */
		TOMCAT,

		/** The container's asynchronous WebSocket API. */
		CONTAINER,

		/** Spring's blocking send, on the writer threads. */
		SESSION

	}

}
