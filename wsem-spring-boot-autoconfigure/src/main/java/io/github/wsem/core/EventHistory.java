package io.github.wsem.core;

import java.util.Set;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;

/**
 * Where the events emitted to one room are kept for clients that resume after a drop
 * (PROTOCOL.md section 5). The default keeps them in this node's memory; a cluster keeps
 * them where every node reads them, so that a client resumes on any node.
 *
 * <p>
 * Event ids are opaque to clients. Implementations must be thread-safe; {@link #publish}
 * must never block on another process and never throw.
 */
public interface EventHistory {

	/**
	 * Give an emit to one room its id, keep it, and deliver it to the room's members on
	 * every node. If the event cannot be kept, it is still delivered, without id.
	 * @param room the room
	 * @param except the ids of clients left out
	 * @param event the event name
	 * @param dataJson the JSON of the data, or {@code null}
	 */
	void publish(String room, Set<String> except, String event, @Nullable String dataJson);

	/**
	 * Send a client the kept events of a room after {@code since}, in order, and make it
	 * a member, with no event lost or repeated between the replay and the live events.
	 * May block for at most the implementation's timeout.
	 * @param resumption the client and the room
	 * @param since the id of the last event the client has
	 * @return {@code true} if events after {@code since} are no longer kept, so the
	 * client should be told {@code recovery_incomplete}
	 */
	boolean resume(Resumption resumption, String since);

	/**
	 * Return the id a client that starts listening to a room now should resume from.
	 * @param room the room
	 * @return the room's current position, or {@code null} if it cannot be read
	 */
	@Nullable String position(String room);

	/**
	 * A client resuming one room, as an {@link EventHistory} drives it.
	 */
	interface Resumption {

		/**
		 * Return the room the client resumes.
		 * @return the room
		 */
		String room();

		/**
		 * Send the client a kept event.
		 * @param event the event
		 */
		void send(OutboundEvent event);

		/**
		 * Make the client a member of the room; live events reach it from now on.
		 */
		void join();

		/**
		 * Make the client a member of the room, holding back the room's live events for
		 * it until {@link #release}.
		 */
		void joinHolding();

		/**
		 * Send the live events held back since {@link #joinHolding()}, dropping those the
		 * client already has; from now on, live events the client already has are dropped
		 * until the first one it does not have passes.
		 * @param unseen whether an event is one the client does not have yet
		 */
		default void release(Predicate<OutboundEvent> unseen) {
			release(unseen, null);
		}

		/**
		 * Send the live events held back since {@link #joinHolding()}, dropping those the
		 * client already has; from now on, live events the client already has are dropped
		 * until the first one it does not have passes, and after that every live event
		 * goes through {@code filter} until it is done.
		 * @param unseen whether an event is one the client does not have yet
		 * @param filter what the client has beyond the history's order, or {@code null}
		 */
		void release(Predicate<OutboundEvent> unseen, @Nullable LiveFilter filter);

	}

	/**
	 * The events a resumed client already has although the history does not hold them yet
	 * (another node delivered them ahead of the history): applied to the client's live
	 * events of the room after its replay, until it is done.
	 */
	interface LiveFilter {

		/**
		 * Filter a live event.
		 * @param event the event
		 * @return the event to send (perhaps with another id), or {@code null} if the
		 * client has it
		 */
		@Nullable OutboundEvent apply(OutboundEvent event);

		/**
		 * Whether the client has a node's emits up to a number.
		 * @param origin the node
		 * @param number the number
		 * @return {@code true} if it has them all
		 */
		boolean has(String origin, long number);

		/**
		 * Whether no later event needs the filter.
		 * @return {@code true} once done
		 */
		boolean done();

	}

}
