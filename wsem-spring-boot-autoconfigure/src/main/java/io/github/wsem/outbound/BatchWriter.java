package io.github.wsem.outbound;

import java.io.IOException;
import java.util.List;

/**
 * How a transport writes frames to one connection, the only part of an
 * {@link OutboundQueue} that differs between transports (centrifuge's
 * {@code WriteManyFn}).
 *
 * @param <F> the type of the frames
 */
@FunctionalInterface
public interface BatchWriter<F> {

	/**
	 * Start writing frames, in order. At most one write is in flight per queue.
	 * @param frames the frames, at least one
	 * @param completion where a write that goes on after this method returned reports its
	 * end, exactly once and on any thread
	 * @return {@code true} if the frames are written, {@code false} if the write goes on
	 * and {@code completion} will be told
	 * @throws IOException if the write failed: the connection is closed with 1013
	 */
	boolean write(List<F> frames, Completion completion) throws IOException;

	/**
	 * Start writing one frame, the common case of a fan-out at a low rate; the same as
	 * {@link #write(List, Completion)} with a list of it.
	 * @param frame the frame
	 * @param completion where a write that goes on after this method returned reports its
	 * end
	 * @return {@code true} if the frame is written, {@code false} if the write goes on
	 * and {@code completion} will be told
	 * @throws IOException if the write failed: the connection is closed with 1013
	 */
	default boolean writeOne(F frame, Completion completion) throws IOException {
		return write(List.of(frame), completion);
	}

	/**
	 * Whether the connection is still open; a queue whose connection was closed by the
	 * other side drops its frames without closing anything.
	 * @return {@code true} by default
	 */
	default boolean isOpen() {
		return true;
	}

	/**
	 * The end of a write that went on after {@link #write} returned.
	 */
	interface Completion {

		/**
		 * The frames are written.
		 */
		void completed();

		/**
		 * The write failed; the connection is closed with 1013.
		 * @param failure the cause
		 */
		void failed(Throwable failure);

	}

}
