package io.github.wsem.broker.redis;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * This node's emits to rooms with a history that Redis has not confirmed yet, per room in
 * emit order. Each is sent with the number of the room's previous unconfirmed emit, and
 * the emit script takes it only right after that one: Lettuce sends again after a
 * reconnect what had no answer, and a write that failed goes behind newer commands, so
 * Redis may get them out of order. When the script refuses an emit (its previous one is
 * not kept yet), every emit of the room after the one Redis kept is sent again, in order;
 * emits whose command failed are sent again once Redis answers again. Commands are never
 * awaited: emits stay pipelined.
 *
 * <p>
 * The outbox holds at most {@code capacity} emits. Past that, the oldest are given up: a
 * mark of lost emits takes their place at the head of their room, and is written into the
 * room's stream (the other nodes' clients get {@code recovery_incomplete}) before the
 * room's later emits.
 */
final class EmitOutbox {

	private static final Log logger = LogFactory.getLog(EmitOutbox.class);

	private static final String REFUSED = "refused ";

	private final Map<String, Room> rooms = new HashMap<>();

	private final ArrayDeque<Entry> order = new ArrayDeque<>();

	private final int capacity;

	private final BiFunction<String, Long, Command> lostMark;

	private final Consumer<Throwable> onFailure;

	private final Runnable onSuccess;

	private int size;

	private long attempts;

	private boolean overflowing;

	/**
	 * Create an outbox.
	 * @param capacity how many unconfirmed emits it keeps, at most
	 * @param lostMark the command that marks the emits of a room up to a number as lost
	 * @param onFailure called when a command failed
	 * @param onSuccess called when Redis answered a command
	 */
	EmitOutbox(int capacity, BiFunction<String, Long, Command> lostMark, Consumer<Throwable> onFailure,
			Runnable onSuccess) {
		this.capacity = Math.max(1, capacity);
		this.lostMark = lostMark;
		this.onFailure = onFailure;
		this.onSuccess = onSuccess;
	}

	/**
	 * Send an emit, after the room's emits sent before it.
	 * @param room the room
	 * @param sequence the emit's number, higher than every number sent before
	 * @param command sends the emit
	 * @return completes once Redis kept the emit (or kept a later one of the room), fails
	 * once it is given up
	 */
	CompletableFuture<Void> send(String room, long sequence, Command command) {
		Entry entry = new Entry(room, sequence, command);
		List<Entry> givenUp;
		Long previous;
		long attempt;
		synchronized (this) {
			Room state = this.rooms.computeIfAbsent(room, (name) -> new Room());
			previous = state.last();
			state.entries.addLast(entry);
			this.order.addLast(entry);
			this.size++;
			givenUp = overflow();
			attempt = ++this.attempts;
		}
		dispatch(entry, previous, attempt);
		givenUp.forEach((lost) -> lost.taken.completeExceptionally(new IllegalStateException("Emit " + lost.sequence
				+ " to " + lost.room + " given up: more than " + this.capacity + " unconfirmed")));
		return entry.taken;
	}

	/**
	 * Send again, in order, the emits of every room where a command failed, or where
	 * emits were given up; called when Redis answers again after a failure.
	 */
	synchronized void resendFailed() {
		for (Map.Entry<String, Room> room : this.rooms.entrySet()) {
			Room state = room.getValue();
			if (state.lost > 0 || state.entries.stream().anyMatch((entry) -> entry.failed)) {
				resend(room.getKey(), state);
			}
		}
	}

	/**
	 * Return how many emits wait for Redis.
	 */
	synchronized int size() {
		return this.size;
	}

	private void resend(String room, Room state) {
		if (logger.isDebugEnabled()) {
			logger.debug("Sending again " + state.entries.size() + " emits to " + room
					+ ((state.lost > 0) ? " after a mark of lost emits up to " + state.lost : ""));
		}
		state.resent = ++this.attempts;
		Long previous = null;
		if (state.lost > 0) {
			long lost = state.lost;
			this.lostMark.apply(room, lost)
				.send(null)
				.subscribe((reply) -> answered(room, lost, reply, Long.MAX_VALUE), this.onFailure::accept);
			previous = lost;
		}
		for (Entry entry : state.entries) {
			attempt(entry, previous);
			previous = entry.sequence;
		}
	}

	private void attempt(Entry entry, @Nullable Long previous) {
		entry.failed = false;
		dispatch(entry, previous, ++this.attempts);
	}

	/**
	 * Hand an emit's command to Lettuce; a new emit's outside the lock, so that Redis's
	 * thread, answering, never waits for it. Commands sent concurrently may reach Redis
	 * in any order: the emit script refuses those out of order, and they are sent again.
	 */
	private void dispatch(Entry entry, @Nullable Long previous, long attempt) {
		entry.command.send(previous)
			.subscribe((reply) -> answered(entry.room, entry.sequence, reply, attempt), (ex) -> {
				synchronized (this) {
					entry.failed = true;
				}
				this.onFailure.accept(ex);
			});
	}

	/**
	 * Redis answered the emit {@code sequence} of a room: kept (an entry id), already
	 * kept ({@code ''}), or refused with the number it kept.
	 */
	private void answered(String room, long sequence, @Nullable String reply, long attempt) {
		boolean refused = reply != null && reply.startsWith(REFUSED);
		long kept = refused ? Long.parseLong(reply.substring(REFUSED.length())) : sequence;
		if (refused && logger.isDebugEnabled()) {
			logger.debug("Redis refused emit " + sequence + " to " + room + ": it kept " + kept);
		}
		List<Entry> taken = new ArrayList<>();
		synchronized (this) {
			Room state = this.rooms.get(room);
			if (state != null) {
				while (!state.entries.isEmpty() && state.entries.peekFirst().sequence <= kept) {
					Entry entry = state.entries.removeFirst();
					entry.confirmed = true;
					this.size--;
					taken.add(entry);
				}
				if (state.lost <= kept) {
					state.lost = 0;
				}
				if (refused && attempt > state.resent) {
					resend(room, state);
				}
				if (state.entries.isEmpty() && state.lost == 0) {
					this.rooms.remove(room);
				}
			}
			compact();
			this.overflowing &= this.size >= this.capacity;
		}
		this.onSuccess.run();
		taken.forEach((entry) -> entry.taken.complete(null));
	}

	/**
	 * Give up the oldest emits past the capacity.
	 */
	private List<Entry> overflow() {
		List<Entry> givenUp = new ArrayList<>();
		while (this.size > this.capacity) {
			Entry oldest = this.order.pollFirst();
			if (oldest == null) {
				break;
			}
			if (oldest.confirmed) {
				continue;
			}
			Room state = this.rooms.get(oldest.room);
			if (state == null || state.entries.peekFirst() != oldest) {
				continue;
			}
			state.entries.removeFirst();
			state.lost = oldest.sequence;
			oldest.confirmed = true;
			this.size--;
			givenUp.add(oldest);
		}
		if (!givenUp.isEmpty() && !this.overflowing) {
			this.overflowing = true;
			logger.warn("More than " + this.capacity + " emits wait for Redis (wsem.cluster.outbox-size): the oldest "
					+ "are given up, and the other nodes' clients in their rooms get recovery_incomplete");
		}
		return givenUp;
	}

	private void compact() {
		while (!this.order.isEmpty() && this.order.peekFirst().confirmed) {
			this.order.removeFirst();
		}
		if (this.order.size() > 2 * this.capacity + 16) {
			Iterator<Entry> entries = this.order.iterator();
			while (entries.hasNext()) {
				if (entries.next().confirmed) {
					entries.remove();
				}
			}
		}
	}

	/**
	 * Sends one emit of this node to a room, or a mark of lost emits, and answers the
	 * emit script's reply.
	 */
	@FunctionalInterface
	interface Command {

		/**
		 * Send the command.
		 * @param previous the number of this node's previous emit to the room that Redis
		 * has not confirmed, or {@code null}
		 * @return the script's reply
		 */
		Mono<String> send(@Nullable Long previous);

	}

	private static final class Room {

		final ArrayDeque<Entry> entries = new ArrayDeque<>();

		/**
		 * The number of the newest emit given up, to mark as lost; 0 for none.
		 */
		long lost;

		/**
		 * The attempt counter when the room's emits were last sent again: a refusal of an
		 * attempt made before needs no new round.
		 */
		long resent;

		@Nullable Long last() {
			Entry last = this.entries.peekLast();
			if (last != null) {
				return last.sequence;
			}
			return (this.lost > 0) ? this.lost : null;
		}

	}

	private static final class Entry {

		final String room;

		final long sequence;

		final Command command;

		final CompletableFuture<Void> taken = new CompletableFuture<>();

		boolean confirmed;

		boolean failed;

		Entry(String room, long sequence, Command command) {
			this.room = room;
			this.sequence = sequence;
			this.command = command;
		}

	}

}
