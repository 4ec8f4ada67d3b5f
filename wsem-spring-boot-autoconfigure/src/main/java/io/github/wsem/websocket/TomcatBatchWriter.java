package io.github.wsem.websocket;

import java.nio.ByteBuffer;
import java.nio.channels.CompletionHandler;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import io.github.wsem.outbound.BatchWriter;
import jakarta.websocket.Session;
import org.apache.tomcat.util.net.SocketWrapperBase;
import org.apache.tomcat.util.net.SocketWrapperBase.BlockingMode;
import org.apache.tomcat.util.net.SocketWrapperBase.CompletionState;
import org.jspecify.annotations.Nullable;

/**
 * Writes the shared, ready-made frames of {@link TextFrame} straight to Tomcat's socket,
 * many per gathering write: no UTF-8 encoding per recipient and no hand-over to another
 * thread per frame, both of which every JSR-356 asynchronous send costs. Nobody waits for
 * the socket: when it is full, the Tomcat thread that finishes the write goes on with the
 * queue. Tomcat's own frames (pong, close) take turns with wsem's on the socket's write
 * lock, whole frames each: a write that finds the lock taken waits for it on the
 * {@code waiter} executor, never on the writer's thread. Every write is recorded on the
 * session, whose idle timeout counts writes as Tomcat's own send does.
 */
final class TomcatBatchWriter implements BatchWriter<TextFrame>, CompletionHandler<Long, Void> {

	private final SocketWrapperBase<?> socket;

	private final Session session;

	private final long timeLimitMillis;

	private final Executor waiter;

	/** Where the write in flight reports; one write is in flight at a time. */
	private @Nullable Completion completion;

	private TomcatBatchWriter(SocketWrapperBase<?> socket, Session session, long timeLimitMillis, Executor waiter) {
		this.socket = socket;
		this.session = session;
		this.timeLimitMillis = timeLimitMillis;
		this.waiter = waiter;
	}

	/**
	 * Create a writer on the socket of a Tomcat server session.
	 * @return the writer, or {@code null} if the session's socket is out of reach
	 */
	static @Nullable TomcatBatchWriter create(Session session, long timeLimitMillis, Executor waiter) {
		SocketWrapperBase<?> socket = TomcatSockets.socketOf(session);
		return (socket != null) ? new TomcatBatchWriter(socket, session, timeLimitMillis, waiter) : null;
	}

	@Override
	public boolean isOpen() {
		return this.session.isOpen();
	}

	@Override
	public boolean write(List<TextFrame> frames, Completion completion) {
		ByteBuffer[] buffers = new ByteBuffer[frames.size()];
		for (int i = 0; i < buffers.length; i++) {
			buffers[i] = ByteBuffer.wrap(frames.get(i).wire());
		}
		return write(buffers, completion);
	}

	@Override
	public boolean writeOne(TextFrame frame, Completion completion) {
		return write(new ByteBuffer[] { ByteBuffer.wrap(frame.wire()) }, completion);
	}

	private boolean write(ByteBuffer[] buffers, Completion completion) {
		this.completion = completion;
		CompletionState state = write(buffers, BlockingMode.NON_BLOCK);
		if (state == CompletionState.NOT_DONE) {
			// Tomcat writes a frame of its own: wait for it elsewhere
			this.waiter.execute(() -> writeAfterWait(buffers));
			return false;
		}
		if (state == CompletionState.INLINE) {
			TomcatSockets.wrote(this.session);
			return true;
		}
		// PENDING or DONE: the completion goes on; ERROR: failed(..) ended it
		return false;
	}

	private CompletionState write(ByteBuffer[] buffers, BlockingMode mode) {
		return this.socket.write(buffers, 0, buffers.length, mode, this.timeLimitMillis, TimeUnit.MILLISECONDS, null,
				SocketWrapperBase.COMPLETE_WRITE, this);
	}

	/**
	 * Write once the socket's write lock is free (Tomcat's {@code SEMI_BLOCK}: wait for
	 * the write in flight, then go on without blocking), on the waiter's thread.
	 */
	private void writeAfterWait(ByteBuffer[] buffers) {
		try {
			if (!this.session.isOpen() || write(buffers, BlockingMode.SEMI_BLOCK) == CompletionState.INLINE) {
				completed(null, null);
			}
		}
		catch (RuntimeException ex) {
			failed(ex, null);
		}
	}

	/**
	 * A write that did not complete at once completed; Tomcat calls this on one of its
	 * threads, which goes on with what queued up meanwhile.
	 */
	@Override
	public void completed(@Nullable Long bytes, @Nullable Void attachment) {
		TomcatSockets.wrote(this.session);
		Completion completion = this.completion;
		if (completion != null) {
			completion.completed();
		}
	}

	@Override
	public void failed(Throwable ex, @Nullable Void attachment) {
		Completion completion = this.completion;
		if (completion != null) {
			completion.failed(ex);
		}
	}

}
