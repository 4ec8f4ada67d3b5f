package io.github.wsem.core;

/**
 * Told about the life of every client's connection, as web-socket-server's socket events.
 * Declare beans of this type; each method has an empty default. Listeners run on the
 * connection's thread and must not block.
 */
public interface ClientListener {

	/**
	 * Called once the client has received its welcome frame.
	 * @param client the client
	 */
	default void onOpen(Client client) {
	}

	/**
	 * Called with every text frame the client sends, before it is handled.
	 * @param client the client
	 * @param text the frame's text
	 */
	default void onMessage(Client client, String text) {
	}

	/**
	 * Called once the connection is closed and the client has left every room.
	 * @param client the client
	 * @param code the close status code
	 */
	default void onClose(Client client, int code) {
	}

	/**
	 * Called when the connection failed or a handler of the client's events threw.
	 * @param client the client
	 * @param error the failure
	 */
	default void onError(Client client, Throwable error) {
	}

	/**
	 * Called when the server rejects the client, as node-websocket-server's
	 * {@code rejected} event: {@link Client#reject(String)}, or a client past
	 * {@code wsem.max-errors-per-minute}. The connection then closes with 1008 and the
	 * reason, and {@link #onClose} follows.
	 * @param client the client
	 * @param reason the reason sent to the client
	 */
	default void onRejected(Client client, String reason) {
	}

	/**
	 * Called after the client gave up its id for another one without reconnecting
	 * ({@code wsem:id}): {@link Client#id()} is the new id, direct messages to the
	 * previous one are {@code unknown_client}.
	 * @param client the client
	 * @param previous the id it had before
	 */
	default void onIdChange(Client client, String previous) {
	}

	/**
	 * Called whenever the connection's state changes.
	 * @param client the client
	 * @param from the previous state
	 * @param to the new state
	 */
	default void onStateChange(Client client, ConnectionState from, ConnectionState to) {
	}

}
