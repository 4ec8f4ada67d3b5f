package io.github.wsem.core;

import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * Decides what clients may do. Every method allows by default; declare a bean that
 * overrides the ones you need, to replace the auto-configured one that allows everything.
 *
 * <p>
 * A refused connection gets HTTP 403 before the WebSocket upgrade or the SSE stream; a
 * refused frame gets {@code wsem:error} {@code forbidden} and the connection stays open.
 * An exception thrown by a method counts as a refusal and is logged. Methods are called
 * on the threads of the transports and must not block for long. What application code
 * does on the server ({@link Client#join(String)},
 * {@link EventManager#emit(String, Object)}, ...) is never checked.
 */
public interface WsemAuthorizer {

	/**
	 * Whether a client may connect.
	 * @param handshake the opening request
	 * @return {@code false} to refuse it with HTTP 403
	 */
	default boolean connect(Handshake handshake) {
		return true;
	}

	/**
	 * Whether a client may register for a room, with {@code wsem:register} or an SSE
	 * stream's {@code events=}. Unregistering is always allowed.
	 * @param client the client
	 * @param room the room
	 * @return {@code false} to refuse the room with {@code forbidden}
	 */
	default boolean register(Client client, String room) {
		return true;
	}

	/**
	 * Whether a client may emit an event to the server's handlers.
	 * @param client the client
	 * @param event the event name ({@code message} for a plain-text frame)
	 * @param data the data as read from JSON (maps, lists, strings, numbers, booleans),
	 * the text of a plain-text frame, or {@code null}
	 * @return {@code false} to refuse the frame with {@code forbidden}, before any
	 * handler runs
	 */
	default boolean emit(Client client, String event, @Nullable Object data) {
		return true;
	}

	/**
	 * Whether a client may send a direct message ({@code wsem:send}) to these clients.
	 * Answers to messages a client received are always allowed.
	 * @param client the sender
	 * @param recipients the ids of the recipients
	 * @return {@code false} to refuse the frame with {@code forbidden}: nobody gets the
	 * message
	 */
	default boolean send(Client client, Set<String> recipients) {
		return true;
	}

	/**
	 * Return an authorizer that allows everything.
	 * @return the authorizer
	 */
	static WsemAuthorizer allowAll() {
		return new WsemAuthorizer() {
		};
	}

}
