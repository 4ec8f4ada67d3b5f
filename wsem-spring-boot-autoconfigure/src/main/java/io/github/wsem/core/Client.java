package io.github.wsem.core;

import java.security.Principal;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;

/**
 * One connected client, over WebSocket or SSE. Obtained from {@link Clients}, or as a
 * parameter of a {@link WsemListener @WsemListener} method.
 *
 * <p>
 * All methods are thread-safe; sending never blocks the caller.
 */
public interface Client {

	/**
	 * Return the id of this client, unique across the cluster.
	 * @return the client id
	 */
	String id();

	/**
	 * Return the transport this client is connected with.
	 * @return the transport
	 */
	Transport transport();

	/**
	 * Return the authenticated user of the connection, if any.
	 * @return the principal or {@code null}
	 */
	@Nullable Principal principal();

	/**
	 * Return the HTTP headers of the request that opened the connection.
	 * @return the read-only handshake headers
	 */
	HttpHeaders handshakeHeaders();

	/**
	 * Return the per-connection storage, shared with the handshake's attributes.
	 * @return a mutable, thread-safe map
	 */
	Map<String, Object> attributes();

	/**
	 * Return the rooms this client is a member of.
	 * @return a read-only snapshot
	 */
	Set<String> rooms();

	/**
	 * Return the state of the connection.
	 * @return the state
	 */
	ConnectionState state();

	/**
	 * Whether the connection is open.
	 * @return {@code true} while frames can be sent
	 */
	boolean isOpen();

	/**
	 * Send one event to this client only.
	 * @param event the event name
	 * @param data the data, encoded as JSON
	 * @throws IllegalArgumentException if the name is not valid, or is reserved (starts
	 * with {@code wsem:})
	 */
	void send(String event, @Nullable Object data);

	/**
	 * Emit an event to every other client, as node-websocket-server's
	 * {@code connection.broadcast}.
	 * @param event the event name
	 * @param data the data
	 */
	void broadcast(String event, @Nullable Object data);

	/**
	 * Send a text frame as-is, without the event envelope.
	 * @param text the frame's text
	 */
	void sendText(String text);

	/**
	 * Make this client a member of a room.
	 * @param room the room name
	 */
	void join(String room);

	/**
	 * Remove this client from a room.
	 * @param room the room name
	 */
	void leave(String room);

	/**
	 * Close the connection normally, after the frames already queued are sent.
	 */
	void close();

	/**
	 * Close the connection with a policy violation (WebSocket status 1008).
	 * @param reason the reason sent to the client
	 */
	void reject(String reason);

}
