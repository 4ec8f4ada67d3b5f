package io.github.wsem.websocket;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

import org.springframework.web.socket.CloseStatus;

/**
 * The bookkeeping of a {@link FrameSender} with its own queue: at most one thread
 * owns the writing at a time; a client whose queue passes the buffer limit, or
 * whose write in flight passes the time limit, is closed with 1013; a close waits
 * for the queue to empty. Subclasses only write.
 */
abstract class QueuedFrameSender implements FrameSender {

	private static final VarHandle BUFFERED;

	private static final VarHandle SENDING;

	private static final VarHandle PENDING_CLOSE;

	private static final VarHandle CLOSED;

	static {
		try {
			MethodHandles.Lookup lookup = MethodHandles.lookup();
			BUFFERED = lookup.findVarHandle(QueuedFrameSender.class, "buffered", long.class);
			SENDING = lookup.findVarHandle(QueuedFrameSender.class, "sending", boolean.class);
			PENDING_CLOSE = lookup.findVarHandle(QueuedFrameSender.class, "pendingClose", CloseStatus.class);
			CLOSED = lookup.findVarHandle(QueuedFrameSender.class, "closed", boolean.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	/** Frames waiting for the write in flight. */
	protected final Queue<TextFrame> queue = new ConcurrentLinkedQueue<>();

	private final long bufferLimit;

	private final long timeLimitNanos;

	private final Closer closer;

	/** Bytes queued or in flight. */
	private volatile long buffered;

	/** Whether a thread owns the writing; held until {@link #start()}. */
	private volatile boolean sending = true;

	private volatile @Nullable CloseStatus pendingClose;

	private volatile boolean closed;

	private volatile int overflowDropped = -1;

	/** When the write in flight started, or 0. */
	private volatile long writeStartedAt;

	QueuedFrameSender(long bufferLimit, long timeLimitMillis, Closer closer) {
		this.bufferLimit = bufferLimit;
		this.timeLimitNanos = TimeUnit.MILLISECONDS.toNanos(timeLimitMillis);
		this.closer = closer;
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
		if (this.queue.isEmpty() && startSending()) {
			// nothing waits: no need to queue
			if (writeAlone(frame)) {
				writeQueued();
			}
			return true;
		}
		this.queue.add(frame);
		if (startSending()) {
			writeQueued();
		}
		return true;
	}

	/**
	 * Start writing a frame that nothing waits before; the caller owns the writing.
	 * @return {@code true} if the write completed at once, so that the caller still
	 * owns the writing
	 */
	protected abstract boolean writeAlone(TextFrame frame);

	/**
	 * Write the queue until it is empty or a write waits, then give up the writing;
	 * the caller owns the writing. Never blocks on the socket.
	 */
	protected abstract void writeQueued();

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
	 * Count a frame in, or close the client if it cannot keep up.
	 * @return {@code false} if the frame must not be queued
	 */
	protected final boolean accept(TextFrame frame) {
		if (!isOpen()) {
			return false;
		}
		int length = frame.wire().length;
		long size = (long) BUFFERED.getAndAdd(this, (long) length) + length;
		long started = this.writeStartedAt;
		if ((size > this.bufferLimit && size > length)
				|| (started != 0 && System.nanoTime() - started > this.timeLimitNanos)) {
			BUFFERED.getAndAdd(this, (long) -length);
			terminate(new CloseStatus(1013, "Send buffer overflow"), true);
			return false;
		}
		return true;
	}

	/**
	 * Take the writing.
	 * @return {@code true} if the caller owns it now
	 */
	protected final boolean startSending() {
		return SENDING.compareAndSet(this, false, true);
	}

	/**
	 * Give up the writing; take it back if a frame came in meanwhile.
	 * @return {@code true} if the writing stopped
	 */
	protected final boolean stopSending() {
		this.sending = false;
		if (!this.queue.isEmpty() && SENDING.compareAndSet(this, false, true)) {
			return false;
		}
		if (this.pendingClose != null && this.queue.isEmpty()) {
			finishClose();
		}
		return true;
	}

	protected final void writeStarted() {
		this.writeStartedAt = System.nanoTime();
	}

	/**
	 * A write ended, or did not start.
	 * @param bytes the bytes it took off the queue
	 */
	protected final void written(long bytes) {
		this.writeStartedAt = 0;
		BUFFERED.getAndAdd(this, -bytes);
	}

	protected final boolean isClosed() {
		return this.closed;
	}

	/**
	 * Drop everything and close the connection.
	 */
	protected final void terminate(CloseStatus status) {
		terminate(status, false);
	}

	/**
	 * Drop everything without closing: the container is closing the connection already
	 * and reports how it ended.
	 */
	protected final void discard() {
		this.closed = true;
		this.queue.clear();
		this.buffered = 0;
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

	private void finishClose() {
		CloseStatus status = this.pendingClose;
		if (status != null && CLOSED.compareAndSet(this, false, true)) {
			this.closer.close(status);
		}
	}

}
