package io.github.wsem.broker.redis;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.LongFunction;
import java.util.function.Predicate;

import io.github.wsem.core.Delivery;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * This node's emits that travel through Redis before its own clients get them. Each gets
 * a number, in emit order, and is sent under one lock with it, so that Redis receives a
 * node's emits in that order. A command is never cancelled: when Redis answers late, or
 * after a reconnect (Lettuce sends again what had no answer), the emit still reaches the
 * other nodes, late; the emit script drops a number already kept. An emit that has not
 * come back through Redis after the operation timeout is delivered to this node's clients
 * at once (with the older ones that have not either, so that they keep emit order), and
 * remembered, so that it is not delivered again when it comes back. An emit to a room
 * with a history is sent through the {@link EmitOutbox}, which sends it again until Redis
 * kept it in order; its command fails only when the outbox gives it up.
 *
 * <p>
 * Three locks, so that Redis's thread never waits for a fan-out or for a command being
 * sent: the ledger itself guards its bookkeeping and is held only briefly; emits are
 * numbered and sent under {@code sending} (emitting threads wait only for each other);
 * local deliveries of this node's own emits (back through Redis, or late without it) run
 * under {@code delivering}, so that one never overtakes another. Locks are taken in that
 * order: {@code sending}, {@code delivering}, the ledger.
 */
final class EmitLedger {

	private static final int MAX_REMEMBERED = 100_000;

	private final ArrayDeque<Pending> pending = new ArrayDeque<>();

	private final Object sending = new Object();

	private final Object delivering = new Object();

	private final Set<Long> deliveredLocally = new LinkedHashSet<>();

	private final long timeoutNanos;

	private final LocalDelivery localDelivery;

	private final Runnable onOverdue;

	private final Predicate<Delivery> hasLocalMembers;

	private final Predicate<Delivery> comesBack;

	private long sequence;

	/**
	 * Create a ledger.
	 * @param timeout how long an emit waits for Redis before this node's clients get it
	 * @param localDelivery delivers to this node's clients
	 * @param hasLocalMembers whether an emit has recipients on this node
	 * @param comesBack whether an emit sent now comes back to this node through one of
	 * its subscriptions; one that does not is owed to none of its clients (they joined
	 * its room later, and get it from the room's stream if at all)
	 * @param onOverdue called when an emit is overdue (Redis is unhealthy)
	 */
	EmitLedger(Duration timeout, LocalDelivery localDelivery, Predicate<Delivery> hasLocalMembers,
			Predicate<Delivery> comesBack, Runnable onOverdue) {
		this.timeoutNanos = timeout.toNanos();
		this.hasLocalMembers = hasLocalMembers;
		this.comesBack = comesBack;
		this.localDelivery = localDelivery;
		this.onOverdue = onOverdue;
	}

	/**
	 * Number an emit and send it.
	 * @param delivery the emit, for this node's clients should Redis not answer in time
	 * @param command the command that sends emit number {@code n}
	 * @param onResult called with the outcome
	 */
	void send(Delivery delivery, LongFunction<Mono<?>> command, Consumer<Throwable> onFailure, Runnable onSuccess) {
		synchronized (this.sending) {
			Pending entry;
			synchronized (this) {
				entry = new Pending(++this.sequence, delivery, System.nanoTime());
				entry.seen = !this.comesBack.test(delivery);
				this.pending.addLast(entry);
			}
			command.apply(entry.sequence).subscribe(null, (ex) -> {
				failed(entry);
				onFailure.accept(ex);
			}, () -> {
				settled(entry);
				onSuccess.run();
			});
		}
	}

	/**
	 * Return the number the next emit gets, for emits that do not wait for Redis.
	 */
	synchronized long next() {
		return ++this.sequence;
	}

	private synchronized void settled(Pending entry) {
		entry.done = true;
		removeSettled();
	}

	/**
	 * Redis did not take an emit: this node's clients get it at once, after the older
	 * emits to its rooms that have not come back yet (Redis may have kept them while this
	 * node's subscription was interrupted), so that it does not overtake them.
	 */
	private void failed(Pending entry) {
		synchronized (this.delivering) {
			List<Pending> owed = new ArrayList<>();
			synchronized (this) {
				entry.done = true;
				for (Pending older : this.pending) {
					if (older == entry) {
						break;
					}
					if (sharesRoom(older.delivery, entry.delivery) && claim(older)) {
						owed.add(older);
					}
				}
				if (claim(entry)) {
					owed.add(entry);
				}
				removeSettled();
			}
			owed.forEach((owedEntry) -> this.localDelivery.deliver(owedEntry.sequence, owedEntry.delivery));
		}
	}

	private static boolean sharesRoom(Delivery one, Delivery other) {
		if (one.rooms().contains(Delivery.EVERYONE) || other.rooms().contains(Delivery.EVERYONE)) {
			return true;
		}
		for (String room : one.rooms()) {
			if (other.rooms().contains(room)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Forget the oldest emits that Redis took and that this node's clients have.
	 */
	private void removeSettled() {
		while (!this.pending.isEmpty()) {
			Pending first = this.pending.peekFirst();
			if (!first.done || !(first.seen || first.local)) {
				return;
			}
			this.pending.removeFirst();
		}
	}

	/**
	 * Deliver to this node's clients the emits that waited for Redis longer than the
	 * timeout; called now and then.
	 */
	void sweep() {
		long now = System.nanoTime();
		synchronized (this) {
			if (!anyOverdue(now)) {
				removeSettled();
				return;
			}
		}
		boolean overdue = false;
		List<Pending> owed = new ArrayList<>();
		synchronized (this.delivering) {
			synchronized (this) {
				for (Pending entry : this.pending) {
					if (now - entry.sent < this.timeoutNanos) {
						break;
					}
					if (entry.seen || entry.local) {
						continue;
					}
					if (entry.done && !this.hasLocalMembers.test(entry.delivery)) {
						entry.seen = true;
					}
					else if (claim(entry)) {
						owed.add(entry);
						overdue |= !entry.done;
					}
				}
				removeSettled();
			}
			owed.forEach((entry) -> this.localDelivery.deliver(entry.sequence, entry.delivery));
		}
		if (overdue) {
			this.onOverdue.run();
		}
	}

	private boolean anyOverdue(long now) {
		for (Pending entry : this.pending) {
			if (now - entry.sent < this.timeoutNanos) {
				return false;
			}
			if (!entry.seen && !entry.local) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Take an emit for local delivery, unless this node's clients have it or are not owed
	 * it; the caller delivers it, under {@code delivering}.
	 */
	private boolean claim(Pending entry) {
		if (entry.seen || entry.local) {
			return false;
		}
		entry.local = true;
		this.deliveredLocally.add(entry.sequence);
		if (this.deliveredLocally.size() > MAX_REMEMBERED) {
			Iterator<Long> oldest = this.deliveredLocally.iterator();
			oldest.next();
			oldest.remove();
		}
		return true;
	}

	/**
	 * This node stops following a room's channel: its emits to the room so far are owed
	 * to no client here (a client that joins the room again gets them from the room's
	 * stream), so none is delivered locally any more.
	 * @param room the room
	 */
	synchronized void unfollowed(String room) {
		for (Pending entry : this.pending) {
			if (entry.delivery.rooms().size() == 1 && entry.delivery.rooms().contains(room)) {
				entry.seen = true;
			}
		}
		removeSettled();
	}

	/**
	 * One of this node's emits came back through Redis: deliver it to this node's clients
	 * unless they have it already. Runs under {@code delivering}, so that a late emit
	 * delivered locally meanwhile never overtakes it. An entry of a room's stream comes
	 * back only after this node's earlier emits to the room (the emit script keeps them
	 * in order): those that did not come back were passed over (trimmed from the stream
	 * meanwhile, and the room's clients told {@code recovery_incomplete}), and are not
	 * delivered later, out of order.
	 * @param sequence its number
	 * @param room the room whose stream it comes from, or {@code null}
	 * @param delivery delivers it, told whether this node's clients have it already
	 */
	void cameBack(long sequence, @Nullable String room, Consumer<Boolean> delivery) {
		synchronized (this.delivering) {
			boolean local = false;
			synchronized (this) {
				if (!this.deliveredLocally.isEmpty() && this.deliveredLocally.remove(sequence)) {
					local = true;
				}
				else {
					passedOver(sequence, room);
				}
			}
			delivery.accept(local);
		}
	}

	/**
	 * Mark an emit that came back as seen, with the earlier ones of its room that did
	 * not, and forget what is settled.
	 */
	private void passedOver(long sequence, @Nullable String room) {
		for (Pending entry : this.pending) {
			if (entry.sequence == sequence) {
				entry.seen = true;
				break;
			}
			if (entry.sequence > sequence) {
				break;
			}
			if (room != null && entry.delivery.rooms().size() == 1 && entry.delivery.rooms().contains(room)) {
				entry.seen = true;
			}
		}
		removeSettled();
	}

	/**
	 * Delivers an emit to this node's clients ahead of Redis.
	 */
	interface LocalDelivery {

		/**
		 * Deliver emit number {@code sequence}.
		 */
		void deliver(long sequence, Delivery delivery);

	}

	private static final class Pending {

		final long sequence;

		final Delivery delivery;

		final long sent;

		boolean done;

		boolean seen;

		boolean local;

		Pending(long sequence, Delivery delivery, long sent) {
			this.sequence = sequence;
			this.delivery = delivery;
			this.sent = sent;
		}

	}

}
