package io.github.wsem.websocket;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.web.socket.CloseStatus;

/**
 * A {@link FrameSender} on the container's asynchronous send
 * ({@link RemoteEndpoint.Async}): one frame in flight at a time, the rest queued,
 * so that no caller ever waits on a slow socket. A client whose queue passes the
 * buffer limit, or whose frame in flight passes the time limit, is closed with 1013.
 */
final class AsyncFrameSender implements FrameSender, SendHandler {

	private static final Log logger = LogFactory.getLog(AsyncFrameSender.class);

	private static final int STARTED = 0;

	private static final int RETURNED = 1;

	private static final int COMPLETED = 2;

	private final RemoteEndpoint.Async remote;

	private final long bufferLimit;

	private final long timeLimitNanos;

	private final Closer closer;

	private final Queue<String> queue = new ConcurrentLinkedQueue<>();

	private final AtomicLong buffered = new AtomicLong();

	/** Whether a thread is draining the queue; held until {@link #start()}. */
	private final AtomicBoolean sending = new AtomicBoolean(true);

	private final AtomicInteger phase = new AtomicInteger();

	private final AtomicReference<@Nullable CloseStatus> pendingClose = new AtomicReference<>();

	private final AtomicBoolean closed = new AtomicBoolean();

	private volatile @Nullable String inFlight;

	private volatile long sendStartedAt;

	AsyncFrameSender(RemoteEndpoint.Async remote, long bufferLimit, long timeLimitMillis, Closer closer) {
		this.remote = remote;
		this.bufferLimit = bufferLimit;
		this.timeLimitNanos = TimeUnit.MILLISECONDS.toNanos(timeLimitMillis);
		this.closer = closer;
		remote.setSendTimeout(timeLimitMillis);
	}

	@Override
	public void start() {
		drain();
	}

	@Override
	public boolean send(String text) {
		if (!isOpen()) {
			return false;
		}
		long size = this.buffered.addAndGet(text.length());
		long started = this.sendStartedAt;
		boolean slow = (size > this.bufferLimit && size > text.length())
				|| (started != 0 && System.nanoTime() - started > this.timeLimitNanos);
		if (slow) {
			this.buffered.addAndGet(-text.length());
			terminate(new CloseStatus(1013, "Send buffer overflow"));
			return false;
		}
		this.queue.add(text);
		if (this.sending.compareAndSet(false, true)) {
			drain();
		}
		return true;
	}

	@Override
	public void closeAfterFlush(CloseStatus status) {
		if (this.pendingClose.compareAndSet(null, status) && !this.sending.get() && this.queue.isEmpty()) {
			finishClose();
		}
	}

	@Override
	public boolean isOpen() {
		return !this.closed.get() && this.pendingClose.get() == null;
	}

	@Override
	public void onResult(SendResult result) {
		String sent = this.inFlight;
		if (sent != null) {
			this.buffered.addAndGet(-sent.length());
		}
		this.inFlight = null;
		this.sendStartedAt = 0;
		if (!result.isOK()) {
			logger.debug("Send failed", result.getException());
			terminate(new CloseStatus(1013, "Send failed or timed out"));
			return;
		}
		if (this.phase.compareAndSet(STARTED, COMPLETED)) {
			return;
		}
		drain();
	}

	private void drain() {
		while (!this.closed.get()) {
			String next = this.queue.poll();
			if (next == null) {
				this.sending.set(false);
				if (!this.queue.isEmpty() && this.sending.compareAndSet(false, true)) {
					continue;
				}
				if (this.pendingClose.get() != null && this.queue.isEmpty()) {
					finishClose();
				}
				return;
			}
			this.inFlight = next;
			this.sendStartedAt = System.nanoTime();
			this.phase.set(STARTED);
			try {
				this.remote.sendText(next, this);
			}
			catch (RuntimeException ex) {
				logger.debug("Send failed", ex);
				terminate(CloseStatus.SERVER_ERROR);
				return;
			}
			if (this.phase.compareAndSet(STARTED, RETURNED)) {
				return;
			}
		}
	}

	private void finishClose() {
		CloseStatus status = this.pendingClose.get();
		if (status != null && this.closed.compareAndSet(false, true)) {
			this.closer.close(status);
		}
	}

	private void terminate(CloseStatus status) {
		if (this.closed.compareAndSet(false, true)) {
			this.queue.clear();
			this.buffered.set(0);
			this.closer.close(status);
		}
	}

}
