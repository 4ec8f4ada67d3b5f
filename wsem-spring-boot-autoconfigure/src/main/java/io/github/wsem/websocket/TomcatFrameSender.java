package io.github.wsem.websocket;

import java.nio.ByteBuffer;
import java.nio.channels.CompletionHandler;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import jakarta.websocket.Session;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.tomcat.util.net.SocketWrapperBase;
import org.apache.tomcat.util.net.SocketWrapperBase.BlockingMode;
import org.apache.tomcat.util.net.SocketWrapperBase.CompletionState;
import org.jspecify.annotations.Nullable;

import org.springframework.web.socket.CloseStatus;

/**
 * A {@link FrameSender} that writes the shared, ready-made frames of
 * {@link TextFrame} straight to Tomcat's socket: no UTF-8 encoding per recipient and
 * no hand-over to another thread per frame, both of which every JSR-356
 * asynchronous send costs.
 *
 * <p>A fan-out only queues ({@link #enqueue}); the writer threads write each
 * client's queue in one gathering write, so what a burst of emits queued goes out in
 * one system call. A direct {@link #send} writes on the caller's thread when nothing
 * waits. Nobody waits for the socket: when it is full, the Tomcat thread that
 * finishes the write goes on with the queue. One write is in flight at a time;
 * Tomcat's own frames (pong, close) take turns with wsem's on the socket's write
 * lock, whole frames each.
 */
final class TomcatFrameSender extends QueuedFrameSender implements CompletionHandler<Long, Void>, Runnable {

	private static final Log logger = LogFactory.getLog(TomcatFrameSender.class);

	private static final int MAX_FRAMES_PER_WRITE = 64;

	private static final int MAX_BYTES_PER_WRITE = 64 * 1024;

	/** Retries a write the socket refused while Tomcat wrote a frame of its own. */
	private static final Executor RETRY = CompletableFuture.delayedExecutor(1, TimeUnit.MILLISECONDS);

	private final SocketWrapperBase<?> socket;

	private final Session session;

	private final long timeLimitMillis;

	private final Executor writers;

	/** Bytes of the write in flight; owned by the writing thread. */
	private long inFlight;

	/** A write the socket refused while Tomcat wrote a frame of its own; owned by the writing thread. */
	private @Nullable Batch refused;

	private TomcatFrameSender(SocketWrapperBase<?> socket, Session session, long bufferLimit, long timeLimitMillis,
			Executor writers, Closer closer) {
		super(bufferLimit, timeLimitMillis, closer);
		this.socket = socket;
		this.session = session;
		this.timeLimitMillis = timeLimitMillis;
		this.writers = writers;
	}

	/**
	 * Create a sender on the socket of a Tomcat server session.
	 * @return the sender, or {@code null} if the session's socket is out of reach
	 */
	static @Nullable FrameSender create(Session session, long bufferLimit, long timeLimitMillis, Executor writers,
			Closer closer) {
		SocketWrapperBase<?> socket = TomcatSockets.socketOf(session);
		return (socket != null)
				? new TomcatFrameSender(socket, session, bufferLimit, timeLimitMillis, writers, closer) : null;
	}

	@Override
	protected boolean writeAlone(TextFrame frame) {
		return write(single(frame));
	}

	@Override
	public boolean enqueue(TextFrame frame) {
		if (!accept(frame)) {
			return false;
		}
		this.queue.add(frame);
		if (startSending()) {
			try {
				this.writers.execute(this);
			}
			catch (RejectedExecutionException ex) {
				writeQueued();
			}
		}
		return true;
	}

	/**
	 * Write what is queued, on a writer thread.
	 */
	@Override
	public void run() {
		writeQueued();
	}

	/**
	 * A write that did not complete at once completed; Tomcat calls this on one of
	 * its threads, which goes on with what queued up meanwhile.
	 */
	@Override
	public void completed(Long bytes, @Nullable Void attachment) {
		written(this.inFlight);
		writeQueued();
	}

	@Override
	public void failed(Throwable ex, @Nullable Void attachment) {
		written(this.inFlight);
		logger.debug("Send failed", ex);
		terminate(new CloseStatus(1013, "Send failed or timed out"));
	}

	/**
	 * Write the queued frames, many per write, until the queue is empty or a write
	 * waits for the socket.
	 */
	@Override
	protected void writeQueued() {
		while (!isClosed()) {
			Batch batch = this.refused;
			this.refused = null;
			if (batch == null) {
				if (this.queue.isEmpty()) {
					if (stopSending()) {
						return;
					}
					continue;
				}
				batch = nextBatch();
			}
			if (!write(batch)) {
				return;
			}
		}
	}

	/**
	 * Take the next frames off the queue, which holds at least one: only the owner of
	 * the writing takes frames.
	 */
	private Batch nextBatch() {
		TextFrame first = this.queue.remove();
		TextFrame second = this.queue.poll();
		if (second == null) {
			return single(first);
		}
		ByteBuffer[] buffers = new ByteBuffer[MAX_FRAMES_PER_WRITE];
		buffers[0] = ByteBuffer.wrap(first.wire());
		buffers[1] = ByteBuffer.wrap(second.wire());
		int count = 2;
		long bytes = first.wire().length + second.wire().length;
		TextFrame frame;
		while (count < MAX_FRAMES_PER_WRITE && bytes < MAX_BYTES_PER_WRITE && (frame = this.queue.poll()) != null) {
			buffers[count++] = ByteBuffer.wrap(frame.wire());
			bytes += frame.wire().length;
		}
		return new Batch(buffers, count, bytes);
	}

	private static Batch single(TextFrame frame) {
		return new Batch(new ByteBuffer[] { ByteBuffer.wrap(frame.wire()) }, 1, frame.wire().length);
	}

	/**
	 * Start writing a batch; the caller owns the writing.
	 * @return {@code true} if the write completed at once, so that the caller still
	 * owns the writing
	 */
	private boolean write(Batch batch) {
		if (!this.session.isOpen()) {
			discard();
			return false;
		}
		this.inFlight = batch.bytes();
		writeStarted();
		CompletionState state;
		try {
			state = this.socket.write(batch.buffers(), 0, batch.count(), BlockingMode.NON_BLOCK, this.timeLimitMillis,
					TimeUnit.MILLISECONDS, null, SocketWrapperBase.COMPLETE_WRITE, this);
		}
		catch (RuntimeException ex) {
			written(batch.bytes());
			logger.debug("Send failed", ex);
			terminate(CloseStatus.SERVER_ERROR);
			return false;
		}
		if (state == CompletionState.INLINE) {
			written(batch.bytes());
			return true;
		}
		if (state == CompletionState.NOT_DONE) {
			written(0);
			this.refused = batch;
			RETRY.execute(this::writeQueued);
		}
		// PENDING or DONE: the completion goes on; ERROR: failed(..) ended it
		return false;
	}

	private record Batch(ByteBuffer[] buffers, int count, long bytes) {
	}

}
