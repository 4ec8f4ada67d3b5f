package io.github.wsem.core;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.jspecify.annotations.Nullable;

import org.springframework.core.ParameterizedTypeReference;

/**
 * The entry point of wsem: emit events to the clients registered for them, handle the
 * events clients emit, and look at the connected clients.
 *
 * <p>
 * Inject it anywhere; all methods are thread-safe and an emit never waits for a client.
 *
 * <pre class="code">
 * eventManager.emit("todo", todo);
 * eventManager.to("admins").except(client.id()).emit("alert", alert);
 * </pre>
 */
public interface EventManager {

	/**
	 * Emit an event to every client registered for it (the room named after the event).
	 * @param event the event name
	 * @param data the data, encoded as JSON once for all recipients
	 * @throws IllegalArgumentException if the name is not valid, or is reserved (starts
	 * with {@code wsem:})
	 */
	void emit(String event, @Nullable Object data);

	/**
	 * Start a targeted emit to the members of a room.
	 * @param room the room name
	 * @return an immutable operator
	 */
	Broadcast to(String room);

	/**
	 * Start an emit that leaves one client out.
	 * @param clientId the client to leave out
	 * @return an immutable operator
	 */
	Broadcast except(String clientId);

	/**
	 * Send a text frame as-is to every client of every node, as node-websocket-server's
	 * {@code server.broadcast(message)} and {@code connection.send(data)};
	 * {@code except(id).sendText(text)} leaves one client out
	 * ({@code connection.broadcast(data)}).
	 * @param text the frame's text
	 */
	default void broadcastText(String text) {
		to(Delivery.EVERYONE).sendText(text);
	}

	/**
	 * Handle an event emitted by clients, with its data converted to a type.
	 * @param event the event name
	 * @param type the type the data is converted to
	 * @param handler the handler
	 * @param <T> the data type
	 */
	<T> void on(String event, Class<T> type, EventHandler<T> handler);

	/**
	 * Handle an event emitted by clients, with its data converted to a generic type.
	 * @param event the event name
	 * @param type the type the data is converted to
	 * @param handler the handler
	 * @param <T> the data type
	 */
	<T> void on(String event, ParameterizedTypeReference<T> type, EventHandler<T> handler);

	/**
	 * Handle an event emitted by clients, with its data as plain Java values
	 * ({@code Map}, {@code List}, {@code String}, {@code Number}, {@code Boolean}).
	 * @param event the event name
	 * @param handler the handler
	 */
	void on(String event, EventHandler<Object> handler);

	/**
	 * Remove a handler added with one of the {@code on} methods.
	 * @param event the event name
	 * @param handler the handler
	 */
	void off(String event, EventHandler<?> handler);

	/**
	 * Add a listener told about the registrations of an event whenever they change.
	 * @param event the event name
	 * @param listener the listener
	 */
	void addListener(String event, RegistrationListener listener);

	/**
	 * Remove a listener added with {@link #addListener(String, RegistrationListener)}.
	 * @param event the event name
	 * @param listener the listener
	 */
	void removeListener(String event, RegistrationListener listener);

	/**
	 * Send a direct message to one client, as {@code wsem:message} from {@code server}.
	 * @param clientId the recipient; an unknown id is ignored
	 * @param message the message, encoded as JSON
	 */
	void send(String clientId, @Nullable Object message);

	/**
	 * Send a direct message that the client may answer.
	 * @param clientId the recipient
	 * @param message the message, encoded as JSON
	 * @param timeout how long to wait for the answer
	 * @return the answer; fails with a {@link java.util.concurrent.TimeoutException} when
	 * none comes in time, or a {@link WsemException} {@code unknown_client}
	 */
	CompletableFuture<DirectAnswer> request(String clientId, @Nullable Object message, Duration timeout);

	/**
	 * Whether at least one client is registered for an event, on any node of a cluster.
	 * When Redis cannot be read within the operation timeout, only this node's clients
	 * count.
	 * @param event the event name
	 * @return {@code true} if the event's room has members
	 */
	boolean hasClientRegistration(String event);

	/**
	 * Return the media types this server can read from clients
	 * ({@code wsem.receive-type}), as web-socket-server's
	 * {@code supportedReceiveTypes()}.
	 * @return {@code application/json} and {@code text/plain}
	 */
	default List<String> supportedReceiveTypes() {
		return ProtocolSettings.SUPPORTED_TYPES;
	}

	/**
	 * Return the media types this server can write to clients ({@code wsem.send-type}),
	 * as web-socket-server's {@code supportedSendTypes()}.
	 * @return {@code application/json} and {@code text/plain}
	 */
	default List<String> supportedSendTypes() {
		return ProtocolSettings.SUPPORTED_TYPES;
	}

	/**
	 * Return the clients connected to this node.
	 * @return the connection manager
	 */
	Clients clients();

}
