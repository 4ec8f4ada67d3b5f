package io.github.wsem.websocket;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.web.socket.CloseStatus;

/**
 * A {@link FrameSender} on the container's WebSocket API that never blocks the caller
 * of {@link #send}: one write in flight at a time, the rest queued. A client whose
 * queue passes the buffer limit, or whose write in flight passes the time limit, is
 * closed with 1013.
 *
 * <p>The first frame after a pause goes out with the container's asynchronous send
 * ({@link RemoteEndpoint.Async}), whose completion the container runs on one of its
 * own threads. That thread then writes whatever queued up meanwhile in batches, with
 * the container's batching and blocking send: many frames per socket write and no
 * hand-over to another thread per frame. At most {@code blockingWriters} threads (for
 * all clients) write this way at once, each write bounded by the time limit; without
 * a permit the queue goes on frame by frame asynchronously. So a slow client can hold
 * a container thread for at most the time limit, and only so many of them.
 */
final class AsyncFrameSender implements FrameSender, SendHandler {

	private static final Log logger = LogFactory.getLog(AsyncFrameSender.class);

	/** The container's per-session limit of one blocking send, in milliseconds (Tomcat). */
	static final String BLOCKING_SEND_TIMEOUT = "org.apache.tomcat.websocket.BLOCKING_SEND_TIMEOUT";

	private static final int FRAMES_PER_BATCH = 64;

	private static final int BATCHES_PER_TURN = 4;

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
			BUFFERED = lookup.findVarHandle(AsyncFrameSender.class, "buffered", long.class);
			SENDING = lookup.findVarHandle(AsyncFrameSender.class, "sending", boolean.class);
			PENDING_CLOSE = lookup.findVarHandle(AsyncFrameSender.class, "pendingClose", CloseStatus.class);
			CLOSED = lookup.findVarHandle(AsyncFrameSender.class, "closed", boolean.class);
			PHASE = lookup.findVarHandle(AsyncFrameSender.class, "phase", int.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	private final RemoteEndpoint.Async async;

	private final RemoteEndpoint.Basic basic;

	private final Session session;

	private final Semaphore blockingWriters;

	private final long bufferLimit;

	private final long timeLimitNanos;

	private final Closer closer;

	/** Frames waiting for the write in flight. */
	private final Queue<String> queue = new ConcurrentLinkedQueue<>();

	/** Characters queued or in flight. */
	private volatile long buffered;

	/**
	 * Whether a thread owns the sending: an asynchronous send in flight or a batch
	 * being written; held until {@link #start()}.
	 */
	private volatile boolean sending = true;

	private volatile @Nullable CloseStatus pendingClose;

	private volatile boolean closed;

	private volatile int overflowDropped = -1;

	private volatile int inFlight;

	/** Whether the asynchronous send in flight returned or completed first (some containers complete inline). */
	private volatile int phase;

	private volatile long sendStartedAt;

	/** Whether the container's blocking send is bounded by the time limit yet (set on first use: it costs a map). */
	private boolean blockingTimeoutSet;

	AsyncFrameSender(Session session, Semaphore blockingWriters, long bufferLimit, long timeLimitMillis,
			Closer closer) {
		this.async = session.getAsyncRemote();
		this.basic = session.getBasicRemote();
		this.blockingWriters = blockingWriters;
		this.bufferLimit = bufferLimit;
		this.timeLimitNanos = TimeUnit.MILLISECONDS.toNanos(timeLimitMillis);
		this.closer = closer;
		this.session = session;
	}

	@Override
	public void start() {
		sendNextAsync();
	}

	@Override
	public boolean send(TextFrame frame) {
		String text = frame.text();
		if (!isOpen()) {
			return false;
		}
		long size = (long) BUFFERED.getAndAdd(this, (long) text.length()) + text.length();
		long started = this.sendStartedAt;
		boolean slow = (size > this.bufferLimit && size > text.length())
				|| (started != 0 && System.nanoTime() - started > this.timeLimitNanos);
		if (slow) {
			BUFFERED.getAndAdd(this, (long) -text.length());
			overflow();
			return false;
		}
		if (this.queue.isEmpty() && SENDING.compareAndSet(this, false, true)) {
			// nothing waits: no need to queue
			if (sendAsync(text)) {
				sendNextAsync();
			}
			return true;
		}
		this.queue.add(text);
		if (SENDING.compareAndSet(this, false, true)) {
			sendNextAsync();
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
	 * The asynchronous send finished; the container calls this on one of its threads.
	 */
	@Override
	public void onResult(SendResult result) {
		BUFFERED.getAndAdd(this, (long) -this.inFlight);
		this.inFlight = 0;
		this.sendStartedAt = 0;
		if (!result.isOK()) {
			logger.debug("Send failed", result.getException());
			terminate(new CloseStatus(1013, "Send failed or timed out"));
			return;
		}
		if (PHASE.compareAndSet(this, STARTED, COMPLETED)) {
			// completed inline: the thread that sent goes on
			return;
		}
		writeQueued();
	}

	/**
	 * Send the next queued frame asynchronously, or stop sending; the caller owns
	 * {@link #sending}. Never blocks.
	 */
	private void sendNextAsync() {
		while (!this.closed) {
			String next = this.queue.poll();
			if (next == null) {
				if (stopSending()) {
					return;
				}
				continue;
			}
			if (!sendAsync(next)) {
				return;
			}
		}
	}

	/**
	 * Start an asynchronous send.
	 * @return {@code true} if it completed before returning, so that the caller still
	 * owns {@link #sending}
	 */
	private boolean sendAsync(String text) {
		this.inFlight = text.length();
		this.sendStartedAt = System.nanoTime();
		this.phase = STARTED;
		try {
			this.async.sendText(text, this);
		}
		catch (RuntimeException ex) {
			logger.debug("Send failed", ex);
			terminate(CloseStatus.SERVER_ERROR);
			return false;
		}
		return !PHASE.compareAndSet(this, STARTED, RETURNED);
	}

	/**
	 * On a container thread, after an asynchronous send: write what queued up in
	 * batches while a permit allows, then hand over to the asynchronous send.
	 */
	private void writeQueued() {
		for (int batches = 0; !this.closed; batches++) {
			if (this.queue.isEmpty()) {
				if (stopSending()) {
					return;
				}
				continue;
			}
			if (batches == BATCHES_PER_TURN || !this.blockingWriters.tryAcquire()) {
				sendNextAsync();
				return;
			}
			try {
				writeBatch();
			}
			catch (IOException ex) {
				logger.debug("Send failed", ex);
				terminate(new CloseStatus(1013, "Send failed or timed out"));
				return;
			}
			catch (RuntimeException ex) {
				logger.debug("Send failed", ex);
				terminate(CloseStatus.SERVER_ERROR);
				return;
			}
			finally {
				this.sendStartedAt = 0;
				this.blockingWriters.release();
			}
		}
	}

	private void writeBatch() throws IOException {
		String first = this.queue.poll();
		if (first == null) {
			return;
		}
		this.sendStartedAt = System.nanoTime();
		if (!this.blockingTimeoutSet) {
			this.session.getUserProperties()
				.put(BLOCKING_SEND_TIMEOUT, TimeUnit.NANOSECONDS.toMillis(this.timeLimitNanos));
			this.blockingTimeoutSet = true;
		}
		if (this.queue.peek() == null) {
			this.basic.sendText(first);
			BUFFERED.getAndAdd(this, (long) -first.length());
			return;
		}
		this.basic.setBatchingAllowed(true);
		try {
			String next = first;
			for (int frames = 1; next != null; frames++) {
				this.basic.sendText(next);
				BUFFERED.getAndAdd(this, (long) -next.length());
				next = (frames < FRAMES_PER_BATCH) ? this.queue.poll() : null;
			}
		}
		finally {
			this.basic.setBatchingAllowed(false);
		}
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

	/**
	 * Close a client that cannot keep up, counting the frames queued for it and the
	 * one it refused.
	 */
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

}
