package io.github.wsem.websocket;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.Semaphore;

import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.web.socket.CloseStatus;

/**
 * A {@link FrameSender} on the container's WebSocket API, for containers whose
 * socket wsem cannot reach: never blocks the caller of {@link #send}, one write in
 * flight at a time, the rest queued.
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
final class AsyncFrameSender extends QueuedFrameSender implements SendHandler {

	private static final Log logger = LogFactory.getLog(AsyncFrameSender.class);

	/** The container's per-session limit of one blocking send, in milliseconds (Tomcat). */
	static final String BLOCKING_SEND_TIMEOUT = "org.apache.tomcat.websocket.BLOCKING_SEND_TIMEOUT";

	private static final int FRAMES_PER_BATCH = 64;

	private static final int BATCHES_PER_TURN = 4;

	private static final VarHandle PHASE;

	private static final int STARTED = 0;

	private static final int RETURNED = 1;

	private static final int COMPLETED = 2;

	static {
		try {
			PHASE = MethodHandles.lookup().findVarHandle(AsyncFrameSender.class, "phase", int.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	private final RemoteEndpoint.Async async;

	private final RemoteEndpoint.Basic basic;

	private final Session session;

	private final Semaphore blockingWriters;

	private final long timeLimitMillis;

	/** Bytes of the asynchronous send in flight. */
	private volatile int inFlight;

	/** Whether the asynchronous send in flight returned or completed first (some containers complete inline). */
	private volatile int phase;

	/** Whether the container's blocking send is bounded by the time limit yet (set on first use: it costs a map). */
	private boolean blockingTimeoutSet;

	AsyncFrameSender(Session session, Semaphore blockingWriters, long bufferLimit, long timeLimitMillis,
			Closer closer) {
		super(bufferLimit, timeLimitMillis, closer);
		this.async = session.getAsyncRemote();
		this.basic = session.getBasicRemote();
		this.session = session;
		this.blockingWriters = blockingWriters;
		this.timeLimitMillis = timeLimitMillis;
	}

	/**
	 * The asynchronous send finished; the container calls this on one of its threads.
	 */
	@Override
	public void onResult(SendResult result) {
		written(this.inFlight);
		this.inFlight = 0;
		if (!result.isOK()) {
			logger.debug("Send failed", result.getException());
			terminate(new CloseStatus(1013, "Send failed or timed out"));
			return;
		}
		if (PHASE.compareAndSet(this, STARTED, COMPLETED)) {
			// completed inline: the thread that sent goes on
			return;
		}
		writeBatches();
	}

	/**
	 * Send the queued frames one by one asynchronously.
	 */
	@Override
	protected void writeQueued() {
		while (!isClosed()) {
			TextFrame next = this.queue.poll();
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
	 * owns the writing
	 */
	@Override
	protected boolean writeAlone(TextFrame frame) {
		return sendAsync(frame);
	}

	private boolean sendAsync(TextFrame frame) {
		this.inFlight = frame.wire().length;
		writeStarted();
		this.phase = STARTED;
		try {
			this.async.sendText(frame.text(), this);
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
	private void writeBatches() {
		for (int batches = 0; !isClosed(); batches++) {
			if (this.queue.isEmpty()) {
				if (stopSending()) {
					return;
				}
				continue;
			}
			if (batches == BATCHES_PER_TURN || !this.blockingWriters.tryAcquire()) {
				writeQueued();
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
				written(0);
				this.blockingWriters.release();
			}
		}
	}

	private void writeBatch() throws IOException {
		TextFrame first = this.queue.poll();
		if (first == null) {
			return;
		}
		writeStarted();
		if (!this.blockingTimeoutSet) {
			this.session.getUserProperties().put(BLOCKING_SEND_TIMEOUT, this.timeLimitMillis);
			this.blockingTimeoutSet = true;
		}
		if (this.queue.peek() == null) {
			this.basic.sendText(first.text());
			written(first.wire().length);
			return;
		}
		this.basic.setBatchingAllowed(true);
		try {
			TextFrame next = first;
			for (int frames = 1; next != null; frames++) {
				this.basic.sendText(next.text());
				written(next.wire().length);
				writeStarted();
				next = (frames < FRAMES_PER_BATCH) ? this.queue.poll() : null;
			}
		}
		finally {
			this.basic.setBatchingAllowed(false);
		}
	}

}
