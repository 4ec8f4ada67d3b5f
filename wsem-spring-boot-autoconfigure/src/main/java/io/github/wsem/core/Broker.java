package io.github.wsem.core;

import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * The seam between one node and the others: emits, direct messages and answers, room
 * membership and client presence all go through it. The in-memory broker serves a single
 * node; a cluster broker reaches the other nodes too.
 *
 * <p>
 * Implementations must be thread-safe and must never throw to the caller: a failure to
 * reach other nodes is logged and local delivery still happens.
 */
public interface Broker {

	/**
	 * Connect the broker to the local node, once, before any other call.
	 * @param node the local node
	 */
	void attach(LocalNode node);

	/**
	 * Return the id of this node, unique across the cluster.
	 * @return the node id; {@code local} for a single node
	 */
	default String nodeId() {
		return "local";
	}

	/**
	 * Whether the other nodes can be reached.
	 * @return {@code false} while only local delivery works
	 */
	default boolean isHealthy() {
		return true;
	}

	/**
	 * Deliver an emit to the matching clients of every node, this one included.
	 * @param delivery the emit
	 */
	void publish(Delivery delivery);

	/**
	 * Whether any node has a member of the room.
	 * @param room the room name
	 * @return {@code true} if the room has members somewhere
	 */
	boolean hasMembers(String room);

	/**
	 * Return the ids of the members of a room on every node.
	 * @param room the room name
	 * @return the client ids, or {@code null} if they cannot be known now; the broker
	 * then calls {@link LocalNode#registrationsMayHaveChanged()} once they can
	 */
	@Nullable Set<String> members(String room);

	/**
	 * Called after a client of this node joined a room.
	 * @param room the room
	 * @param clientId the client
	 * @param firstOnNode whether the room had no member on this node before
	 */
	void joined(String room, String clientId, boolean firstOnNode);

	/**
	 * Called after a client of this node left a room.
	 * @param room the room
	 * @param clientId the client
	 * @param lastOnNode whether the room has no member on this node any more
	 */
	void left(String room, String clientId, boolean lastOnNode);

	/**
	 * Claim a client id for a connection of this node.
	 * @param clientId the id
	 * @param exclusive whether no other connection anywhere may have it
	 * @return {@code false} if the id is taken and exclusive
	 */
	boolean claim(String clientId, boolean exclusive);

	/**
	 * Release a client id whose last connection on this node closed.
	 * @param clientId the id
	 */
	void release(String clientId);

	/**
	 * Return the ids, among the given ones, that no node has a client for.
	 * @param clientIds the ids
	 * @return the unknown ids
	 */
	Set<String> unknownClients(Set<String> clientIds);

	/**
	 * Send a frame to the connections of the given client ids, on every node.
	 * @param clientIds the ids
	 * @param frame the encoded frame
	 */
	void sendDirect(Set<String> clientIds, String frame);

	/**
	 * Return the base of this node's reply ids: the requests of two nodes never share an
	 * id, so an answer reaches the request it answers.
	 * @return a number that, added to a node-local count below 2^32, stays unique
	 */
	default long replyIdBase() {
		return 0;
	}

	/**
	 * Pass an answer to a direct message on to the node that waits for it.
	 * @param reply the reply id
	 * @param from the id of the answering client
	 * @param message the answer
	 */
	void answer(long reply, String from, @Nullable Object message);

	/**
	 * The local side a {@link Broker} delivers to.
	 */
	interface LocalNode {

		/**
		 * Deliver an emit to the matching clients of this node.
		 * @param delivery the emit
		 */
		void deliver(Delivery delivery);

		/**
		 * Whether the room has members on this node.
		 * @param room the room name
		 * @return {@code true} if it has
		 */
		boolean hasLocalMembers(String room);

		/**
		 * Return the ids of the members of a room on this node.
		 * @param room the room
		 * @return the ids
		 */
		Set<String> localMembers(String room);

		/**
		 * Whether this node has a connection of the client id.
		 * @param clientId the id
		 * @return {@code true} if it has
		 */
		boolean hasLocalClient(String clientId);

		/**
		 * Send a frame to this node's connections of the given ids.
		 * @param clientIds the ids
		 * @param frame the encoded frame
		 */
		void deliverDirect(Set<String> clientIds, String frame);

		/**
		 * Take an answer to a direct message, if this node waits for it.
		 * @param reply the reply id
		 * @param from the id of the answering client
		 * @param message the answer
		 * @return {@code false} if no request of this node has that reply id
		 */
		boolean answer(long reply, String from, @Nullable Object message);

		/**
		 * Tell this node's registration listeners that a room's members changed on
		 * another node.
		 * @param room the room
		 */
		void registrationsChanged(String room);

		/**
		 * Tell this node's registration listeners the members of every room they listen
		 * to: notices of changes on other nodes may have been lost.
		 */
		void registrationsMayHaveChanged();

		/**
		 * Tell the clients of this node in a room that some of its events may not have
		 * reached them ({@code recovery_incomplete}).
		 * @param room the room
		 */
		void historyIncomplete(String room);

		/**
		 * Tell the clients of this node in a room that a node's emits to it up to a
		 * number never reached the room's history ({@code recovery_incomplete}), except
		 * the clients that got them all from that node.
		 * @param room the room
		 * @param origin the node
		 * @param number the highest of those emits
		 */
		default void historyIncomplete(String room, String origin, long number) {
			historyIncomplete(room);
		}

	}

}
