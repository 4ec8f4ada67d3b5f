package io.github.wsem.sse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.Principal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import io.github.wsem.core.ClientSession;
import io.github.wsem.core.CodecException;
import io.github.wsem.core.JsonCodec;
import io.github.wsem.core.OutboundEvent;
import io.github.wsem.core.Transport;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyEmitter.DataWithMediaType;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The {@link SseClient} of one event stream. {@link SseEmitter#send} blocks on a slow
 * connection, so every write goes through this client's own bounded queue, drained
 * on the registry's writer threads: an emit never waits for an SSE client.
 */
final class SseClientSession extends ClientSession implements SseClient {

	private static final Log logger = LogFactory.getLog(SseClientSession.class);

	private static final MediaType TEXT = new MediaType("text", "plain", StandardCharsets.UTF_8);

	private final SseEmitter emitter;

	private final String token;

	private final JsonCodec codec;

	private final Executor writer;

	private final SseSettings settings;

	private final Consumer<SseClientSession> onClose;

	private final boolean frames;

	private final Map<String, String> cursor = new LinkedHashMap<>();

	private final Queue<String> queue = new ConcurrentLinkedQueue<>();

	private final AtomicLong buffered = new AtomicLong();

	private final AtomicBoolean draining = new AtomicBoolean();

	private final AtomicBoolean closed = new AtomicBoolean();

	private volatile boolean closing;

	private volatile long writeStartedAt;

	private volatile int overflowDropped = -1;

	SseClientSession(String id, @Nullable Principal principal, HttpHeaders headers, Map<String, Object> attributes,
			SseEmitter emitter, String token, JsonCodec codec, Executor writer, SseSettings settings, boolean frames,
			Consumer<SseClientSession> onClose) {
		super(id, Transport.SSE, principal, headers, attributes);
		this.emitter = emitter;
		this.token = token;
		this.codec = codec;
		this.writer = writer;
		this.settings = settings;
		this.onClose = onClose;
		this.frames = frames;
	}

	/**
	 * Set the history positions the stream starts at, before the client is connected.
	 */
	void startAt(Map<String, String> positions) {
		synchronized (this.cursor) {
			this.cursor.putAll(positions);
		}
	}

	@Override
	public SseEmitter emitter() {
		return this.emitter;
	}

	@Override
	public boolean isOpen() {
		return !this.closing && !this.closed.get();
	}

	/**
	 * Send a frame written for WebSocket: a JSON frame becomes an SSE event of the
	 * same name, any other text a {@code message} event. A stream opened with
	 * {@code frames=1} gets every frame as-is.
	 */
	@Override
	public void sendText(String text) {
		if (this.frames) {
			offerWithCursor(SseText.frame(null, text));
			return;
		}
		Object frame;
		try {
			frame = this.codec.decode(text);
		}
		catch (CodecException ex) {
			frame = null;
		}
		if (frame instanceof Map<?, ?> map && map.get("event") instanceof String event) {
			Object id = map.get("id");
			offerWithCursor(render(OutboundEvent.encode(this.codec, event, map.get("data"), null)));
		}
		else {
			offerWithCursor(SseText.event(null, "message", text));
		}
	}

	/**
	 * Send an emitted event. Its SSE text is made once for all recipients; an event
	 * kept in a room's history moves this stream's cursor, written as the
	 * {@code id:} line.
	 */
	@Override
	protected void sendEvent(OutboundEvent event) {
		String text = this.frames ? event.rendered(Format.FRAMES, (e) -> SseText.frame(null, e.frame()))
				: event.rendered(Format.EVENTS, this::render);
		String room = event.room();
		String id = event.id();
		if (room == null || id == null) {
			offer(text);
			return;
		}
		synchronized (this.cursor) {
			this.cursor.put(room, id);
			offer("id: " + SseCursor.encode(this.codec, this.cursor) + "\n" + text);
		}
	}

	private void offerWithCursor(String text) {
		synchronized (this.cursor) {
			offer(this.cursor.isEmpty() ? text : "id: " + SseCursor.encode(this.codec, this.cursor) + "\n" + text);
		}
	}

	@Override
	protected void contributeWelcome(Map<String, Object> data) {
		data.put("token", this.token);
	}

	@Override
	protected void closeConnection(int code, String reason) {
		this.closing = true;
		if (this.draining.compareAndSet(false, true)) {
			schedule();
		}
	}

	String token() {
		return this.token;
	}

	boolean hasToken(@Nullable String candidate) {
		return candidate != null && MessageDigest.isEqual(this.token.getBytes(StandardCharsets.UTF_8),
				candidate.getBytes(StandardCharsets.UTF_8));
	}

	void offer(String text) {
		if (!isOpen()) {
			return;
		}
		long size = this.buffered.addAndGet(text.length());
		long started = this.writeStartedAt;
		if ((size > this.settings.sendBufferLimit() && size > text.length())
				|| (started != 0 && System.nanoTime() - started > this.settings.sendTimeLimit().toNanos())) {
			logger.debug("Completing slow SSE client " + id());
			if (!this.closed.get()) {
				this.overflowDropped = this.queue.size() + 1;
			}
			terminate(true);
			return;
		}
		this.queue.add(text);
		if (this.draining.compareAndSet(false, true)) {
			schedule();
		}
	}

	/**
	 * Return the frames discarded because the client could not keep up.
	 * @return the count, or {@code -1} if the stream was not ended for that
	 */
	int overflowDropped() {
		return this.overflowDropped;
	}

	/**
	 * Forget the stream after the container ended it.
	 */
	void closed() {
		if (this.closed.compareAndSet(false, true)) {
			this.queue.clear();
			this.onClose.accept(this);
		}
	}

	private String render(OutboundEvent event) {
		String data = event.dataJson();
		if (data == null) {
			data = "null";
		}
		else if (data.startsWith("\"")) {
			data = String.valueOf(this.codec.decode(data));
		}
		return SseText.event(null, event.isRaw() ? "message" : event.event(), data);
	}

	private void schedule() {
		try {
			this.writer.execute(this::drain);
		}
		catch (RejectedExecutionException ex) {
			this.draining.set(false);
			terminate(true);
		}
	}

	private void drain() {
		while (!this.closed.get()) {
			String next = this.queue.poll();
			if (next == null) {
				if (this.closing) {
					terminate(true);
					return;
				}
				this.draining.set(false);
				if (this.queue.isEmpty() || !this.draining.compareAndSet(false, true)) {
					return;
				}
				continue;
			}
			this.writeStartedAt = System.nanoTime();
			try {
				this.emitter.send(Set.of(new DataWithMediaType(next, TEXT)));
			}
			catch (IOException | IllegalStateException ex) {
				logger.debug("SSE client " + id() + " is gone", ex);
				terminate(false);
				return;
			}
			finally {
				this.writeStartedAt = 0;
				this.buffered.addAndGet(-next.length());
			}
		}
	}

	/**
	 * Forget this client at once and end its stream off the caller's thread. After a
	 * failed write the container already ends the request, so only a stream that is
	 * still healthy (a slow client) is completed here.
	 */
	private void terminate(boolean completeStream) {
		if (this.closed.get()) {
			return;
		}
		closed();
		if (!completeStream) {
			return;
		}
		Runnable complete = () -> {
			try {
				this.emitter.complete();
			}
			catch (RuntimeException ex) {
				logger.debug("Completing the stream of " + id() + " failed", ex);
			}
		};
		try {
			this.writer.execute(complete);
		}
		catch (RejectedExecutionException ex) {
			complete.run();
		}
	}

	private enum Format {

		EVENTS, FRAMES

	}

}
