package io.github.wsem.websocket;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.Semaphore;

import io.github.wsem.outbound.BatchWriter;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import org.jspecify.annotations.Nullable;

/**
 * Writes frames with the container's WebSocket API, for containers whose socket wsem
 * cannot reach; never blocks the thread of an emit.
 *
 * <p>
 * A write goes out with the container's asynchronous send ({@link RemoteEndpoint.Async}),
 * whose completion the container runs on one of its own threads. That thread then writes
 * whatever queued up meanwhile in batches, with the container's batching and blocking
 * send: many frames per socket write and no hand-over to another thread per frame. At
 * most {@code blockingWriters} threads (for all clients) write this way at once, each
 * write bounded by the time limit, and a thread writes at most a few batches before it
 * goes back to the asynchronous send; without a permit the batch goes out frame by frame
 * asynchronously. So a slow client can hold a container thread for at most the time
 * limit, and only so many of them.
 */
final class AsyncBatchWriter implements BatchWriter<TextFrame>, SendHandler {

	/**
	 * The container's per-session limit of one blocking send, in milliseconds (Tomcat).
	 */
	static final String BLOCKING_SEND_TIMEOUT = "org.apache.tomcat.websocket.BLOCKING_SEND_TIMEOUT";

	private static final int BATCHES_PER_TURN = 4;

	private final RemoteEndpoint.Async async;

	private final RemoteEndpoint.Basic basic;

	private final Session session;

	private final Semaphore blockingWriters;

	private final long timeLimitMillis;

	/**
	 * The frames of the write in flight, sent one by one; owned by the writing thread.
	 */
	private List<TextFrame> frames = List.of();

	private int next;

	private @Nullable Completion completion;

	/** Blocking batches this container thread may still write, 0 on other threads. */
	private int batchesLeft;

	/**
	 * Whether the container's blocking send is bounded by the time limit yet (set on
	 * first use: it costs a map).
	 */
	private boolean blockingTimeoutSet;

	AsyncBatchWriter(Session session, Semaphore blockingWriters, long timeLimitMillis) {
		this.async = session.getAsyncRemote();
		this.basic = session.getBasicRemote();
		this.session = session;
		this.blockingWriters = blockingWriters;
		this.timeLimitMillis = timeLimitMillis;
	}

	@Override
	public boolean isOpen() {
		return this.session.isOpen();
	}

	@Override
	public boolean write(List<TextFrame> frames, Completion completion) throws IOException {
		if (frames.size() > 1 && this.batchesLeft > 0 && this.blockingWriters.tryAcquire()) {
			this.batchesLeft--;
			try {
				writeBlocking(frames);
				return true;
			}
			finally {
				this.blockingWriters.release();
			}
		}
		this.batchesLeft = 0;
		this.frames = frames;
		this.next = 1;
		this.completion = completion;
		this.async.sendText(frames.get(0).text(), this);
		return false;
	}

	/**
	 * An asynchronous send finished; the container calls this on one of its threads,
	 * which sends the next frame of the batch, or tells the queue, which goes on with
	 * what queued up meanwhile.
	 */
	@Override
	public void onResult(SendResult result) {
		Completion completion = this.completion;
		if (completion == null) {
			return;
		}
		if (!result.isOK()) {
			completion.failed(result.getException());
			return;
		}
		if (this.next < this.frames.size()) {
			TextFrame frame = this.frames.get(this.next++);
			try {
				this.async.sendText(frame.text(), this);
			}
			catch (RuntimeException ex) {
				completion.failed(ex);
			}
			return;
		}
		this.batchesLeft = BATCHES_PER_TURN;
		try {
			completion.completed();
		}
		finally {
			this.batchesLeft = 0;
		}
	}

	private void writeBlocking(List<TextFrame> frames) throws IOException {
		if (!this.blockingTimeoutSet) {
			this.session.getUserProperties().put(BLOCKING_SEND_TIMEOUT, this.timeLimitMillis);
			this.blockingTimeoutSet = true;
		}
		this.basic.setBatchingAllowed(true);
		try {
			for (TextFrame frame : frames) {
				this.basic.sendText(frame.text());
			}
		}
		finally {
			this.basic.setBatchingAllowed(false);
		}
	}

}
