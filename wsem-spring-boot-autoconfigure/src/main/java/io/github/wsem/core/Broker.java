package io.github.wsem.core;

/**
 * The seam between one node and the others: every emit and every cluster-wide
 * membership query goes through it. The in-memory broker serves a single node;
 * cluster brokers publish to the other nodes too.
 *
 * <p>Implementations must be thread-safe and must never throw from
 * {@link #publish(Delivery)}: a failure to reach other nodes is logged and local
 * delivery still happens.
 */
public interface Broker {

	/**
	 * Connect the broker to the local node, once, before any other call.
	 * @param node the local node
	 */
	void attach(LocalNode node);

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
	 * Called when the room gains its first member on this node.
	 * @param room the room name
	 */
	default void roomOpened(String room) {
	}

	/**
	 * Called when the room loses its last member on this node.
	 * @param room the room name
	 */
	default void roomClosed(String room) {
	}

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

	}

}
