package io.github.wsem.client;

/**
 * One connection of one transport; a {@link WsemClient} opens a new one after each drop.
 */
interface Connection {

	/**
	 * Send one client frame; frames leave in call order.
	 */
	void send(String frame);

	/**
	 * Close the connection; its {@link Listener} hears nothing more.
	 */
	void close(int code, String reason);

	/**
	 * The client's id changed ({@code wsem:id}); requests name the new one from now on.
	 */
	default void renamed(String id) {
	}

	/**
	 * Whether the rooms of the connection's request were already registered (an SSE
	 * stream resumed with {@code Last-Event-ID}).
	 */
	default boolean registered() {
		return false;
	}

	/**
	 * What a connection reports, from any thread.
	 */
	interface Listener {

		void message(String text);

		/**
		 * The SSE stream's cursor moved: the {@code id:} of the message that follows.
		 */
		default void cursor(String cursor) {
		}

		void error(WsemClientException error);

		void closed(CloseStatus status);

	}

}
