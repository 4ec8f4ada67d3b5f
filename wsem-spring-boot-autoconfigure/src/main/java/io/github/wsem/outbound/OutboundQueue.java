package io.github.wsem.outbound;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.ToIntFunction;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * The outbound side of one connection, the same for every transport: a queue that never
 * blocks the caller, counts the bytes queued or in flight, closes a client whose queue
 * passes the buffer limit or whose write in flight passes the time limit with 1013, and
 * closes after the queued frames when asked to. At most one thread writes at a time; the
 * transport's {@link BatchWriter} only writes.
 *
 * <p>
 * A {@link #send direct send} writes on the caller's thread when nothing waits and the
 * writer does not block; a {@link #enqueue fan-out} leaves the writing to the executor,
 * so that the fan-out goes on at once and what a burst of emits queues for one client
 * goes out in one batch. A blocking writer always writes on the executor.
 *
 * @param <F> the type of the frames
 */
public final class OutboundQueue<F> implements BatchWriter.Completion {

	private static final Log logger = LogFactory.getLog(OutboundQueue.class);

	private static final VarHandle BUFFERED;

	private static final VarHandle SENDING;

	private static final VarHandle PENDING_CLOSE;

	private static final VarHandle CLOSED;

	private static final VarHandle PHASE;

	private static final int STARTED = 0;

	private static final int RETURNED = 1;

	private static final int COMPLETED = 2;

	static {
		try {
			MethodHandles.Lookup lookup = MethodHandles.lookup();
			BUFFERED = lookup.findVarHandle(OutboundQueue.class, "buffered", long.class);
			SENDING = lookup.findVarHandle(OutboundQueue.class, "sending", boolean.class);
			PENDING_CLOSE = lookup.findVarHandle(OutboundQueue.class, "pendingClose", CloseRequest.class);
			CLOSED = lookup.findVarHandle(OutboundQueue.class, "closed", boolean.class);
			PHASE = lookup.findVarHandle(OutboundQueue.class, "phase", int.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	private final Queue<F> queue = new ConcurrentLinkedQueue<>();

	private final BatchWriter<F> writer;

	private final ToIntFunction<F> sizer;

	private final Limits limits;

	private final @Nullable Executor executor;

	private final boolean blocking;

	private final Closer closer;

	private final Runnable drain = this::drain;

	/** Bytes queued or in flight. */
	private volatile long buffered;

	/** Whether a thread owns the writing; held until {@link #start()}. */
	private volatile boolean sending = true;

	private volatile @Nullable CloseRequest pendingClose;

	private volatile boolean closed;

	private volatile int overflowDropped = -1;

	/** When the write in flight started, or 0. */
	private volatile long writeStartedAt;

	/** Bytes of the write in flight; owned by the writing thread. */
	private long inFlight;

	/**
	 * Whether the write in flight returned or completed first (some writers complete
	 * inline).
	 */
	private volatile int phase;

	/**
	 * Create a queue.
	 * @param writer writes batches to the connection
	 * @param sizer the bytes a frame counts against the buffer limit
	 * @param limits the limits of the queue and of one batch
	 * @param executor where fan-outs, and every write of a blocking writer, run;
	 * {@code null} to write on the caller's thread
	 * @param blocking whether the writer blocks until the frames are written
	 * @param closer ends the connection
	 */
	public OutboundQueue(BatchWriter<F> writer, ToIntFunction<F> sizer, Limits limits, @Nullable Executor executor,
			boolean blocking, Closer closer) {
		if (blocking && executor == null) {
			throw new IllegalArgumentException("A blocking writer needs an executor");
		}
		this.writer = writer;
		this.sizer = sizer;
		this.limits = limits;
		this.executor = executor;
		this.blocking = blocking;
		this.closer = closer;
	}

	/**
	 * Start writing; the frames queued before go first, in order.
	 */
	public void start() {
		if (this.blocking) {
			schedule();
		}
		else {
			drain();
		}
	}

	/**
	 * Queue a frame for this client only, written at once when nothing waits and the
	 * writer does not block. Until {@link #start()}, frames are only queued.
	 * @param frame the frame
	 * @return {@code false} if the connection is closed or the client is too slow
	 */
	public boolean send(F frame) {
		if (!accept(frame)) {
			return false;
		}
		if (!this.blocking && this.queue.isEmpty() && startSending()) {
			// nothing waits: no need to queue
			if (write(frame, null, this.sizer.applyAsInt(frame))) {
				drain();
			}
			return true;
		}
		this.queue.add(frame);
		if (startSending()) {
			if (this.blocking) {
				schedule();
			}
			else {
				drain();
			}
		}
		return true;
	}

	/**
	 * Queue a frame of a fan-out; the executor writes it.
	 * @param frame the frame, possibly shared with other recipients
	 * @return {@code false} if the connection is closed or the client is too slow
	 */
	public boolean enqueue(F frame) {
		if (this.executor == null) {
			return send(frame);
		}
		if (!accept(frame)) {
			return false;
		}
		this.queue.add(frame);
		if (startSending()) {
			schedule();
		}
		return true;
	}

	/**
	 * Close the connection once the queued frames are written.
	 * @param code the close status code
	 * @param reason the close reason
	 */
	public void closeAfterFlush(int code, String reason) {
		if (PENDING_CLOSE.compareAndSet(this, null, new CloseRequest(code, reason)) && !this.sending
				&& this.queue.isEmpty()) {
			finishClose();
		}
	}

	/**
	 * Drop everything without closing: the connection ended already.
	 */
	public void discard() {
		this.closed = true;
		this.queue.clear();
		this.buffered = 0;
	}

	/**
	 * Whether the queue still accepts frames.
	 * @return {@code true} until closing starts
	 */
	public boolean isOpen() {
		return !this.closed && this.pendingClose == null;
	}

	/**
	 * Return the frames discarded because the client could not keep up.
	 * @return the count, or {@code -1} if the client was not closed for that
	 */
	public int overflowDropped() {
		return this.overflowDropped;
	}

	/**
	 * Return the bytes queued or in flight.
	 * @return the count
	 */
	public long buffered() {
		return this.buffered;
	}

	@Override
	public void completed() {
		written(this.inFlight);
		if (PHASE.compareAndSet(this, STARTED, COMPLETED)) {
			// completed inline: the thread that wrote goes on
			return;
		}
		drain();
	}

	@Override
	public void failed(Throwable failure) {
		written(this.inFlight);
		logger.debug("Send failed", failure);
		terminate(1013, "Send failed or timed out", true, false);
	}

	/**
	 * Count a frame in, or close the client if it cannot keep up.
	 */
	private boolean accept(F frame) {
		if (!isOpen()) {
			return false;
		}
		int length = this.sizer.applyAsInt(frame);
		long size = (long) BUFFERED.getAndAdd(this, (long) length) + length;
		long started = this.writeStartedAt;
		if ((size > this.limits.bufferLimit() && size > length)
				|| (started != 0 && System.nanoTime() - started > this.limits.timeLimitNanos())) {
			BUFFERED.getAndAdd(this, (long) -length);
			terminate(1013, "Send buffer overflow", false, true);
			return false;
		}
		return true;
	}

	private boolean startSending() {
		return SENDING.compareAndSet(this, false, true);
	}

	/**
	 * Give up the writing; take it back if a frame came in meanwhile.
	 * @return {@code true} if the writing stopped
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

	private void schedule() {
		Executor executor = this.executor;
		try {
			if (executor == null) {
				throw new RejectedExecutionException();
			}
			executor.execute(this.drain);
		}
		catch (RejectedExecutionException ex) {
			if (this.blocking) {
				terminate(1001, "Server shutting down", false, false);
			}
			else {
				drain();
			}
		}
	}

	/**
	 * Write the queue, many frames per batch, until it is empty or a write goes on after
	 * returning; the caller owns the writing.
	 */
	private void drain() {
		while (!this.closed) {
			F first = this.queue.poll();
			if (first == null) {
				if (stopSending()) {
					return;
				}
				continue;
			}
			List<F> batch = null;
			long bytes = this.sizer.applyAsInt(first);
			F second = (this.limits.maxBatchFrames() > 1) ? this.queue.poll() : null;
			if (second != null) {
				batch = new ArrayList<>(Math.min(this.limits.maxBatchFrames(), 16));
				batch.add(first);
				batch.add(second);
				bytes += this.sizer.applyAsInt(second);
				F next;
				while (batch.size() < this.limits.maxBatchFrames() && bytes < this.limits.maxBatchBytes()
						&& (next = this.queue.poll()) != null) {
					batch.add(next);
					bytes += this.sizer.applyAsInt(next);
				}
			}
			if (!write(first, batch, bytes)) {
				return;
			}
		}
	}

	/**
	 * Start writing a batch; the caller owns the writing.
	 * @param first the first frame
	 * @param batch every frame of the batch, or {@code null} when it is only the first
	 * @return {@code true} if the write completed, so that the caller still owns the
	 * writing
	 */
	private boolean write(F first, @Nullable List<F> batch, long bytes) {
		if (!this.writer.isOpen()) {
			discard();
			return false;
		}
		this.inFlight = bytes;
		this.writeStartedAt = System.nanoTime();
		this.phase = STARTED;
		boolean done;
		try {
			done = (batch != null) ? this.writer.write(batch, this) : this.writer.writeOne(first, this);
		}
		catch (IOException ex) {
			written(bytes);
			logger.debug("Send failed", ex);
			terminate(1013, "Send failed or timed out", true, false);
			return false;
		}
		catch (RuntimeException ex) {
			written(bytes);
			logger.debug("Send failed", ex);
			terminate(1011, "", true, false);
			return false;
		}
		if (done) {
			written(bytes);
			return true;
		}
		return !PHASE.compareAndSet(this, STARTED, RETURNED);
	}

	private void written(long bytes) {
		this.writeStartedAt = 0;
		BUFFERED.getAndAdd(this, -bytes);
	}

	private void terminate(int code, String reason, boolean writeFailed, boolean overflow) {
		if (CLOSED.compareAndSet(this, false, true)) {
			if (overflow) {
				this.overflowDropped = this.queue.size() + 1;
			}
			this.queue.clear();
			this.buffered = 0;
			this.closer.close(code, reason, writeFailed);
		}
	}

	private void finishClose() {
		CloseRequest request = this.pendingClose;
		if (request != null && CLOSED.compareAndSet(this, false, true)) {
			this.closer.close(request.code(), request.reason(), false);
		}
	}

	/**
	 * The limits of one queue.
	 *
	 * @param bufferLimit the most bytes queued or in flight before the client is closed
	 * with 1013
	 * @param timeLimit the longest one write may take before the client is closed with
	 * 1013
	 * @param maxBatchFrames the most frames of one batch
	 * @param maxBatchBytes the bytes after which a batch takes no more frames
	 */
	public record Limits(long bufferLimit, Duration timeLimit, int maxBatchFrames, int maxBatchBytes) {

		long timeLimitNanos() {
			return this.timeLimit.toNanos();
		}

	}

	/**
	 * Ends the connection of a queue; must not block the caller.
	 */
	@FunctionalInterface
	public interface Closer {

		/**
		 * Close the connection.
		 * @param code the close status code: 1013 when the client could not keep up or a
		 * write failed, 1011 when a write threw, else the code asked for
		 * @param reason the close reason
		 * @param writeFailed whether a write failed, so the connection is broken
		 */
		void close(int code, String reason, boolean writeFailed);

	}

	private record CloseRequest(int code, String reason) {
	}

}
