package io.github.wsem.websocket;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.channels.CompletionHandler;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
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
 * <p>The caller writes while the socket takes the bytes at once and never waits
 * for it: when the socket is full, frames queue up, and the Tomcat thread that
 * finishes the write writes all of them, many frames per system call. One write is
 * in flight at a time; Tomcat's own frames (pong, close) take turns with wsem's on
 * the socket's write lock, whole frames each. A client whose queue passes the buffer
 * limit, or whose write in flight passes the time limit, is closed with 1013.
 */
final class TomcatFrameSender implements FrameSender, CompletionHandler<Long, Void>, Runnable {

	private static final Log logger = LogFactory.getLog(TomcatFrameSender.class);

	private static final int MAX_FRAMES_PER_WRITE = 64;

	private static final int MAX_BYTES_PER_WRITE = 64 * 1024;

	/** Retries a write the socket refused while Tomcat wrote a frame of its own. */
	private static final Executor RETRY = CompletableFuture.delayedExecutor(1, TimeUnit.MILLISECONDS);

	private static final VarHandle BUFFERED;

	private static final VarHandle SENDING;

	private static final VarHandle PENDING_CLOSE;

	private static final VarHandle CLOSED;

	static {
		try {
			MethodHandles.Lookup lookup = MethodHandles.lookup();
			BUFFERED = lookup.findVarHandle(TomcatFrameSender.class, "buffered", long.class);
			SENDING = lookup.findVarHandle(TomcatFrameSender.class, "sending", boolean.class);
			PENDING_CLOSE = lookup.findVarHandle(TomcatFrameSender.class, "pendingClose", CloseStatus.class);
			CLOSED = lookup.findVarHandle(TomcatFrameSender.class, "closed", boolean.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	private final SocketWrapperBase<?> socket;

	private final Session session;

	private final long bufferLimit;

	private final long timeLimitMillis;

	private final long timeLimitNanos;

	private final Closer closer;

	private final Executor writers;

	private final Queue<TextFrame> queue = new ConcurrentLinkedQueue<>();

	/** Bytes queued or in flight. */
	private volatile long buffered;

	/** Whether a thread owns the writing; held until {@link #start()}. */
	private volatile boolean sending = true;

	private volatile @Nullable CloseStatus pendingClose;

	private volatile boolean closed;

	private volatile int overflowDropped = -1;

	/** When the write in flight started, or 0. */
	private volatile long writeStartedAt;

	/** Bytes of the write in flight; owned by the writing thread. */
	private long inFlight;

	/** A write the socket refused while Tomcat wrote a frame of its own; owned by the writing thread. */
	private @Nullable Batch refused;

	TomcatFrameSender(SocketWrapperBase<?> socket, Session session, long bufferLimit, long timeLimitMillis,
			Executor writers, Closer closer) {
		this.writers = writers;
		this.socket = socket;
		this.session = session;
		this.bufferLimit = bufferLimit;
		this.timeLimitMillis = timeLimitMillis;
		this.timeLimitNanos = TimeUnit.MILLISECONDS.toNanos(timeLimitMillis);
		this.closer = closer;
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
	public void start() {
		writeQueued();
	}

	@Override
	public boolean send(TextFrame frame) {
		if (!accept(frame)) {
			return false;
		}
		if (this.queue.isEmpty() && SENDING.compareAndSet(this, false, true)) {
			// nothing waits: write it now
			if (write(single(frame))) {
				writeQueued();
			}
			return true;
		}
		this.queue.add(frame);
		if (SENDING.compareAndSet(this, false, true)) {
			writeQueued();
		}
		return true;
	}

	@Override
	public boolean enqueue(TextFrame frame) {
		if (!accept(frame)) {
			return false;
		}
		this.queue.add(frame);
		if (SENDING.compareAndSet(this, false, true)) {
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
	 * Count a frame in, or close the client if it cannot keep up.
	 */
	private boolean accept(TextFrame frame) {
		if (!isOpen()) {
			return false;
		}
		int length = frame.wire().length;
		long size = (long) BUFFERED.getAndAdd(this, (long) length) + length;
		long started = this.writeStartedAt;
		if ((size > this.bufferLimit && size > length)
				|| (started != 0 && System.nanoTime() - started > this.timeLimitNanos)) {
			BUFFERED.getAndAdd(this, (long) -length);
			overflow();
			return false;
		}
		return true;
	}

	@Override
	public void closeAfterFlush(CloseStatus status) {
		if (PENDING_CLOSE.compareAndSet(this, null, status) && !this.sending && this.queue.isEmpty()) {
			finishClose();
		}
	}

	@Override
	public boolean isOpen() {
		return !this.closed && this.pendingClose == null;
	}

	@Override
	public int overflowDropped() {
		return this.overflowDropped;
	}

	/**
	 * A write that did not complete at once completed; Tomcat calls this on one of
	 * its threads, which goes on with what queued up meanwhile.
	 */
	@Override
	public void completed(Long written, @Nullable Void attachment) {
		this.writeStartedAt = 0;
		BUFFERED.getAndAdd(this, -this.inFlight);
		writeQueued();
	}

	@Override
	public void failed(Throwable ex, @Nullable Void attachment) {
		this.writeStartedAt = 0;
		logger.debug("Send failed", ex);
		terminate(new CloseStatus(1013, "Send failed or timed out"));
	}

	/**
	 * Write the queued frames, many per write, until the queue is empty or a write
	 * waits for the socket; the caller owns {@link #sending}.
	 */
	private void writeQueued() {
		while (!this.closed) {
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

	private Batch nextBatch() {
		TextFrame first = this.queue.poll();
		TextFrame second = (first != null) ? this.queue.poll() : null;
		if (first == null || second == null) {
			return (first != null) ? single(first) : new Batch(new ByteBuffer[0], 0, 0);
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
	 * Start writing a batch; the caller owns {@link #sending}.
	 * @return {@code true} if the write completed at once, so that the caller still
	 * owns {@link #sending}
	 */
	private boolean write(Batch batch) {
		if (!this.session.isOpen()) {
			// closing already: the container reports how it ended
			discard();
			return false;
		}
		this.inFlight = batch.bytes();
		this.writeStartedAt = System.nanoTime();
		CompletionState state;
		try {
			state = this.socket.write(batch.buffers(), 0, batch.count(), BlockingMode.NON_BLOCK, this.timeLimitMillis,
					TimeUnit.MILLISECONDS, null, SocketWrapperBase.COMPLETE_WRITE, this);
		}
		catch (RuntimeException ex) {
			this.writeStartedAt = 0;
			logger.debug("Send failed", ex);
			terminate(CloseStatus.SERVER_ERROR);
			return false;
		}
		if (state == CompletionState.INLINE) {
			this.writeStartedAt = 0;
			BUFFERED.getAndAdd(this, -batch.bytes());
			return true;
		}
		if (state == CompletionState.NOT_DONE) {
			this.writeStartedAt = 0;
			this.refused = batch;
			RETRY.execute(this::writeQueued);
		}
		// PENDING or DONE: the completion goes on; ERROR: failed(..) ended it
		return false;
	}

	/**
	 * Give up {@link #sending}; take it back if a frame came in meanwhile.
	 * @return {@code true} if sending stopped
	 */
	private boolean stopSending() {
		this.sending = false;
		if (!this.queue.isEmpty() && SENDING.compareAndSet(this, false, true)) {
			return false;
		}
		if (this.pendingClose != null && this.queue.isEmpty()) {
			finishClose();
		}
		return true;
	}

	private void finishClose() {
		CloseStatus status = this.pendingClose;
		if (status != null && CLOSED.compareAndSet(this, false, true)) {
			this.closer.close(status);
		}
	}

	private void overflow() {
		terminate(new CloseStatus(1013, "Send buffer overflow"), true);
	}

	private void terminate(CloseStatus status) {
		terminate(status, false);
	}

	private void terminate(CloseStatus status, boolean overflow) {
		if (CLOSED.compareAndSet(this, false, true)) {
			if (overflow) {
				this.overflowDropped = this.queue.size() + 1;
			}
			this.queue.clear();
			this.buffered = 0;
			this.closer.close(status);
		}
	}

	private void discard() {
		this.closed = true;
		this.queue.clear();
		this.buffered = 0;
	}

	private record Batch(ByteBuffer[] buffers, int count, long bytes) {
	}

}
