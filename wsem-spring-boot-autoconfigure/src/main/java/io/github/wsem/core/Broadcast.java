package io.github.wsem.core;

import org.jspecify.annotations.Nullable;

/**
 * An immutable emit target, built by chaining {@link #to(String)} and
 * {@link #except(String)}, as Socket.IO's {@code io.to(room).except(id).emit(...)}. Each
 * call returns a new operator.
 */
public interface Broadcast {

	/**
	 * Add a room to the target; the emit reaches the members of any of the rooms.
	 * @param room the room name
	 * @return a new operator
	 */
	Broadcast to(String room);

	/**
	 * Leave a client out of the emit.
	 * @param clientId the id of the client
	 * @return a new operator
	 */
	Broadcast except(String clientId);

	/**
	 * Emit an event to the target. Without any {@code to(...)}, the target is the room
	 * named after the event. The data is encoded once; the call never waits for a client.
	 * @param event the event name
	 * @param data the data, encoded as JSON
	 * @throws IllegalArgumentException if the name is not valid, or is reserved (starts
	 * with {@code wsem:})
	 */
	void emit(String event, @Nullable Object data);

	/**
	 * Send a text frame as-is to the targeted clients of every node, as
	 * node-websocket-server's {@code server.broadcast(message)}; without
	 * {@link #to(String)}, to every client. SSE clients get it as a {@code message}
	 * event, {@code wsem.js} hands it to its {@code message} listeners.
	 * @param text the frame's text
	 */
	void sendText(String text);

}
