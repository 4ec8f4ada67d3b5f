package io.github.wsem.broker.redis;

import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * A message between the nodes of a cluster, one record per kind; {@link ClusterCodec}
 * writes and reads them on the Redis channels.
 */
sealed interface ClusterMessage {

	/**
	 * The node that sent the message.
	 * @return its id, {@code ""} when no node is the sender
	 */
	String origin();

	/**
	 * An emit. One kept in a room's history carries its stream entry and the entry before
	 * it, so that a node sees at once whether it missed one.
	 *
	 * @param origin the emitting node
	 * @param sequence the emitting node's number for it, increasing in emit order
	 * @param localFirst whether the emitting node delivered it to its own clients before
	 * publishing (history off)
	 * @param rooms the rooms whose members receive it
	 * @param except the ids of clients left out
	 * @param event the event name
	 * @param data the JSON of the data, or {@code null}
	 * @param room the room whose history keeps it, or {@code null}
	 * @param entry the history's entry id ({@code <epoch>.<stream id>}), or {@code null}
	 * @param previous the stream id of the entry before, {@code ""} for none, or
	 * {@code null} outside a history
	 */
	record Emit(String origin, long sequence, boolean localFirst, Set<String> rooms, Set<String> except, String event,
			@Nullable String data, @Nullable String room, @Nullable String entry,
			@Nullable String previous) implements ClusterMessage {

		public Emit {
			rooms = Set.copyOf(rooms);
			except = Set.copyOf(except);
		}

		boolean isKept() {
			return this.entry != null;
		}

	}

	/**
	 * A frame for some clients of one node.
	 *
	 * @param origin the sending node
	 * @param clients the ids of the recipients
	 * @param frame the encoded frame
	 */
	record Direct(String origin, Set<String> clients, String frame) implements ClusterMessage {

		public Direct {
			clients = Set.copyOf(clients);
		}

	}

	/**
	 * The answer of a client to a direct message of another node.
	 *
	 * @param origin the answering client's node
	 * @param reply the reply id of the request, unique in the cluster
	 * @param from the answering client
	 * @param message the answer
	 */
	record Answer(String origin, long reply, String from, @Nullable Object message) implements ClusterMessage {

	}

	/**
	 * The members of a room changed on a node.
	 *
	 * @param origin the node, {@code ""} when a node removes a dead node's members
	 * @param room the room
	 */
	record Registrations(String origin, String room) implements ClusterMessage {

	}

}
