package io.github.wsem.core;

import org.jspecify.annotations.Nullable;

/**
 * An immutable emit target, built by chaining {@link #to(String)} and
 * {@link #except(String)}, as Socket.IO's {@code io.to(room).except(id).emit(...)}.
 * Each call returns a new operator.
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
	 * named after the event. The data is encoded once; the call never waits for a
	 * client.
	 * @param event the event name
	 * @param data the data, encoded as JSON
	 */
	void emit(String event, @Nullable Object data);

}
