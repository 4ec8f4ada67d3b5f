package io.github.wsem.core;

import org.jspecify.annotations.Nullable;

/**
 * Handles an event a client emitted to the server.
 *
 * @param <T> the type the event's data is converted to
 * @see EventManager#on(String, Class, EventHandler)
 */
@FunctionalInterface
public interface EventHandler<T> {

	/**
	 * Handle one event. Runs on the thread that read the frame.
	 * @param data the event's data, converted to the handler's type
	 * @param client the client that emitted the event
	 * @return the data of the ack sent to the client (a {@code CompletionStage} is
	 * awaited), or {@code null}
	 * @throws Exception to answer the client with an error: {@link WsemException} gives
	 * its code, anything else the code {@code internal}
	 */
	@Nullable Object handle(@Nullable T data, Client client) throws Exception;

}
