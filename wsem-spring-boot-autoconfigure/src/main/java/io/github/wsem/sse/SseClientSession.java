package io.github.wsem.sse;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.Principal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import io.github.wsem.core.ClientSession;
import io.github.wsem.core.CodecException;
import io.github.wsem.core.JsonCodec;
import io.github.wsem.core.OutboundEvent;
import io.github.wsem.core.OutboundText;
import io.github.wsem.core.Transport;
import io.github.wsem.outbound.OutboundQueue;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The {@link SseClient} of one event stream. {@link SseEmitter#send} blocks on a slow
 * connection, so every write goes through this client's {@link OutboundQueue}, drained on
 * the registry's writer threads: an emit never waits for an SSE client.
 */
final class SseClientSession extends ClientSession implements SseClient {

	private static final Log logger = LogFactory.getLog(SseClientSession.class);

	private static final int MAX_CHUNKS_PER_WRITE = 64;

	private static final int MAX_BYTES_PER_WRITE = 64 * 1024;

	private final SseEmitter emitter;

	private final String token;

	private final JsonCodec codec;

	private final Executor writer;

	private final Consumer<SseClientSession> onClose;

	private final boolean frames;

	private final Map<String, String> cursor = new LinkedHashMap<>();

	private final OutboundQueue<SseChunk> queue;

	private final AtomicBoolean closed = new AtomicBoolean();

	/**
	 * The ids this client gave up ({@code wsem:id}), which its requests may still name.
	 */
	private final Set<String> formerIds = ConcurrentHashMap.newKeySet(1);

	SseClientSession(String id, @Nullable Principal principal, HttpHeaders headers, Map<String, Object> attributes,
			SseEmitter emitter, String token, JsonCodec codec, Executor writer, SseSettings settings, boolean frames,
			Consumer<SseClientSession> onClose) {
		super(id, Transport.SSE, principal, headers, attributes);
		this.emitter = emitter;
		this.token = token;
		this.codec = codec;
		this.writer = writer;
		this.onClose = onClose;
		this.frames = frames;
		this.queue = new OutboundQueue<>(
				new SseBatchWriter(emitter), SseChunk::size, new OutboundQueue.Limits(settings.sendBufferLimit(),
						settings.sendTimeLimit(), MAX_CHUNKS_PER_WRITE, MAX_BYTES_PER_WRITE),
				writer, true, (code, reason, writeFailed) -> terminate(!writeFailed));
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
		return this.queue.isOpen() && !this.closed.get();
	}

	/**
	 * Send a frame written for WebSocket: a JSON frame becomes an SSE event of the same
	 * name, any other text a {@code message} event. A stream opened with {@code frames=1}
	 * gets every frame as-is.
	 */
	@Override
	public void sendText(String text) {
		offerWithCursor(SseChunk.utf8(renderText(text)));
	}

	/**
	 * Send a frame shared with other recipients, rendered once for all of them.
	 */
	@Override
	protected void sendShared(OutboundText text) {
		offerWithCursor(text.rendered(this.frames ? Format.FRAMES : Format.EVENTS,
				(shared) -> SseChunk.utf8(renderText(shared.text()))));
	}

	/**
	 * Send an emitted event. Its SSE text is made once for all recipients; an event kept
	 * in a room's history moves this stream's cursor, written as the {@code id:} line.
	 */
	@Override
	protected void sendEvent(OutboundEvent event) {
		byte[] body = this.frames ? event.rendered(Format.FRAMES, (e) -> SseChunk.utf8(SseText.frame(null, e.frame())))
				: event.rendered(Format.EVENTS, (e) -> SseChunk.utf8(render(e)));
		String room = event.room();
		String id = event.id();
		if (room == null || id == null) {
			this.queue.enqueue(new SseChunk(null, body));
			return;
		}
		synchronized (this.cursor) {
			this.cursor.put(room, id);
			this.queue.enqueue(new SseChunk(idLine(), body));
		}
	}

	private void offerWithCursor(byte[] body) {
		synchronized (this.cursor) {
			this.queue.send(new SseChunk(this.cursor.isEmpty() ? null : idLine(), body));
		}
	}

	private byte[] idLine() {
		return SseChunk.utf8("id: " + SseCursor.encode(this.codec, this.cursor) + "\n");
	}

	@Override
	protected void contributeWelcome(Map<String, Object> data) {
		data.put("token", this.token);
	}

	@Override
	protected void startSending() {
		this.queue.start();
	}

	@Override
	protected void closeConnection(int code, String reason) {
		this.queue.closeAfterFlush(code, reason);
	}

	String token() {
		return this.token;
	}

	@Override
	protected void idChanged(String previous) {
		this.formerIds.add(previous);
	}

	/**
	 * Whether a request naming this id speaks for this client: its id, or one it gave up
	 * (requests sent before the change was acked still name that).
	 */
	boolean isNamed(@Nullable String id) {
		return id != null && (id.equals(id()) || this.formerIds.contains(id));
	}

	boolean hasToken(@Nullable String candidate) {
		return candidate != null && MessageDigest.isEqual(this.token.getBytes(StandardCharsets.UTF_8),
				candidate.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * Queue a piece of the stream that is not an event, such as a comment.
	 */
	void offer(SseChunk chunk) {
		this.queue.send(chunk);
	}

	/**
	 * Return the frames discarded because the client could not keep up.
	 * @return the count, or {@code -1} if the stream was not ended for that
	 */
	int overflowDropped() {
		return this.queue.overflowDropped();
	}

	/**
	 * Forget the stream after the container ended it.
	 */
	void closed() {
		if (this.closed.compareAndSet(false, true)) {
			this.queue.discard();
			this.onClose.accept(this);
		}
	}

	private String renderText(String text) {
		if (this.frames) {
			return SseText.frame(null, text);
		}
		Object frame;
		try {
			frame = this.codec.decode(text);
		}
		catch (CodecException ex) {
			frame = null;
		}
		if (frame instanceof Map<?, ?> map && map.get("event") instanceof String event) {
			return render(OutboundEvent.encode(this.codec, event, map.get("data"), null));
		}
		return SseText.event(null, "message", text);
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

	/**
	 * Forget this client at once and end its stream off the caller's thread. After a
	 * failed write the container already ends the request, so only a stream that is still
	 * healthy (a slow client) is completed here.
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
