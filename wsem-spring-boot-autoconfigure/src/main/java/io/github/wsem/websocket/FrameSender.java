package io.github.wsem.websocket;

import org.springframework.web.socket.CloseStatus;

/**
 * The outbound side of one WebSocket connection: a bounded queue that never blocks
 * the caller.
 */
interface FrameSender {

	/**
	 * Start sending; the frames queued before are sent first, in order.
	 */
	void start();

	/**
	 * Queue a text frame. Until {@link #start()}, frames are only queued.
	 * @param frame the frame, possibly shared with other recipients
	 * @return {@code false} if the connection is closed or the client is too slow
	 */
	boolean send(TextFrame frame);

	/**
	 * Queue a frame of a fan-out. A sender may leave the writing to other threads, so
	 * that the fan-out goes on at once and the frames a burst of emits queues for one
	 * client go out in one write.
	 * @param frame the frame, shared with the other recipients
	 * @return {@code false} if the connection is closed or the client is too slow
	 */
	default boolean enqueue(TextFrame frame) {
		return send(frame);
	}

	/**
	 * Close the connection once the queued frames are sent.
	 * @param status the close status
	 */
	void closeAfterFlush(CloseStatus status);

	/**
	 * Whether the sender still accepts frames.
	 * @return {@code true} until closing starts
	 */
	boolean isOpen();

	/**
	 * Return the frames discarded because the client could not keep up.
	 * @return the count, or {@code -1} if the client was not closed for that
	 */
	int overflowDropped();

	/**
	 * What happens when the connection must end.
	 */
	interface Closer {

		/**
		 * Close the WebSocket session; must not block the caller.
		 * @param status the close status
		 */
		void close(CloseStatus status);

	}

}
