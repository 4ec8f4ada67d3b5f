package io.github.wsem.core;

/**
 * Told what the clients of one node send and receive, for metrics. Set one on the
 * {@link ClientHub}; {@link #NONE} records nothing and costs nothing.
 *
 * <p>
 * Part of the transport SPI. The methods run on hot paths (every frame, every emit):
 * implementations must be quick, thread-safe, and must not block or throw.
 */
public interface WsemMetrics {

	/** Records nothing; the fan-out is not even timed. */
	WsemMetrics NONE = new WsemMetrics() {
	};

	/**
	 * Called for every inbound frame, handled or refused.
	 */
	default void frameReceived() {
	}

	/**
	 * Called when events were handed to clients: an emit's recipients on this node, a
	 * direct message's, replayed history, or {@link Client#send}.
	 * @param count the number of frames
	 */
	default void delivered(int count) {
	}

	/**
	 * Called once per emit that reached this node, after it was handed to its local
	 * recipients (which are also passed to {@link #delivered(int)}).
	 * @param recipients the clients of this node that got it
	 * @param nanos how long the hand-over took
	 */
	default void fannedOut(int recipients, long nanos) {
	}

	/**
	 * Called for every {@code wsem:ack} sent.
	 */
	default void ackSent() {
	}

	/**
	 * Called for every {@code wsem:error} sent, including the error bodies of the SSE
	 * emit endpoint.
	 * @param code the error code, for example {@code bad_frame}
	 */
	default void errorSent(String code) {
	}

	/**
	 * Called when a client is closed because it could not keep up (WebSocket close 1013,
	 * SSE stream completed).
	 * @param transport the client's transport
	 * @param droppedFrames the frames that were queued for it and are discarded
	 */
	default void overflowed(Transport transport, int droppedFrames) {
	}

}
