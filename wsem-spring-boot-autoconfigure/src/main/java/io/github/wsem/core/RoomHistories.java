package io.github.wsem.core;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

import org.jspecify.annotations.Nullable;

/**
 * The recent events of every room of this node, for clients that resume after a drop
 * (PROTOCOL.md section 5). Each room keeps at most {@code size} events, none older than
 * {@code ttl}; a room idle for longer than {@code ttl} is forgotten. Event ids are
 * {@code <epoch>.<generation>-<sequence>}: the epoch changes with every start and the
 * generation with every new history of a room, so an id of a history that was lost (a
 * restart, an expired room) is recognised as such, never mistaken for another event.
 */
final class RoomHistories implements EventHistory {

	private final Map<String, RoomHistory> rooms = new ConcurrentHashMap<>();

	private final String epoch = newEpoch();

	private final int size;

	private final long ttlNanos;

	private final AtomicLong generations = new AtomicLong();

	private final JsonCodec codec;

	private final Broker broker;

	private volatile long lastSweep = System.nanoTime();

	RoomHistories(int size, Duration ttl, JsonCodec codec, Broker broker) {
		this.size = size;
		this.ttlNanos = ttl.toNanos();
		this.codec = codec;
		this.broker = broker;
	}

	/**
	 * Keep the event and publish it; the room's lock covers the append and the hand-over
	 * to the members, so that a client resuming at the same time gets it exactly once.
	 */
	@Override
	public void publish(String room, Set<String> except, String event, @Nullable String dataJson) {
		RoomHistory history = room(room);
		history.lock.lock();
		try {
			OutboundEvent kept = OutboundEvent.of(this.codec, event, dataJson, history.nextId(), room);
			history.append(kept);
			this.broker.publish(new Delivery(Set.of(room), except, kept));
		}
		finally {
			history.lock.unlock();
		}
	}

	@Override
	public boolean resume(Resumption resumption, String since) {
		RoomHistory history = room(resumption.room());
		history.lock.lock();
		try {
			Replay replay = history.replay(history.sequenceOf(since));
			replay.events().forEach(resumption::send);
			resumption.join();
			return replay.incomplete();
		}
		finally {
			history.lock.unlock();
		}
	}

	@Override
	public String position(String room) {
		RoomHistory history = room(room);
		history.lock.lock();
		try {
			return history.currentId();
		}
		finally {
			history.lock.unlock();
		}
	}

	/**
	 * Return the history of a room, created on first use; sweeps idle rooms now and then.
	 */
	RoomHistory room(String room) {
		long now = System.nanoTime();
		if (now - this.lastSweep > this.ttlNanos / 2) {
			this.lastSweep = now;
			sweep(now);
		}
		return this.rooms.computeIfAbsent(room, (name) -> new RoomHistory());
	}

	int roomCount() {
		return this.rooms.size();
	}

	private void sweep(long now) {
		for (Iterator<Map.Entry<String, RoomHistory>> it = this.rooms.entrySet().iterator(); it.hasNext();) {
			RoomHistory history = it.next().getValue();
			if (history.idleSince(now, this.ttlNanos)) {
				it.remove();
			}
		}
	}

	private static String newEpoch() {
		return RandomIds.next(6);
	}

	/**
	 * One room's events. Appending (with the delivery to the room's members) and
	 * replaying (with the join of the resuming client) run under the room's lock, so that
	 * a resuming client gets every event once, in order, with no gap between replay and
	 * live traffic.
	 */
	final class RoomHistory {

		final ReentrantLock lock = new ReentrantLock();

		private final String prefix = RoomHistories.this.epoch + "." + RoomHistories.this.generations.incrementAndGet()
				+ "-";

		private final ArrayDeque<Entry> entries = new ArrayDeque<>();

		private long sequence;

		private volatile long lastAppend = System.nanoTime();

		/**
		 * Take the next id; call with the lock held.
		 */
		String nextId() {
			return this.prefix + (++this.sequence);
		}

		/**
		 * Read an event id of this history.
		 * @return its sequence, or -1 for an id of another history or one that cannot be
		 * read
		 */
		long sequenceOf(@Nullable String id) {
			if (id == null || !id.startsWith(this.prefix)) {
				return -1;
			}
			try {
				long sequence = Long.parseLong(id.substring(this.prefix.length()));
				return (sequence >= 0) ? sequence : -1;
			}
			catch (NumberFormatException ex) {
				return -1;
			}
		}

		/**
		 * Keep an event; call with the lock held, after {@link #nextId()}.
		 */
		void append(OutboundEvent event) {
			long now = System.nanoTime();
			this.lastAppend = now;
			this.entries.addLast(new Entry(this.sequence, now, event));
			while (this.entries.size() > RoomHistories.this.size) {
				this.entries.removeFirst();
			}
			expire(now);
		}

		/**
		 * Return the kept events after a sequence; call with the lock held.
		 * @param after the sequence of the last event the client has, or -1 if unknown
		 * @return the events, and whether some after it are no longer kept
		 */
		Replay replay(long after) {
			expire(System.nanoTime());
			List<OutboundEvent> events = new ArrayList<>();
			for (Entry entry : this.entries) {
				if (entry.sequence() > after) {
					events.add(entry.event());
				}
			}
			long oldestKept = this.entries.isEmpty() ? this.sequence + 1 : this.entries.peekFirst().sequence();
			boolean incomplete = after < 0 || after > this.sequence || after + 1 < oldestKept;
			return new Replay(events, incomplete);
		}

		/**
		 * Return the id of the newest event, or of "nothing yet" before the first; call
		 * with the lock held.
		 */
		String currentId() {
			return this.prefix + this.sequence;
		}

		private void expire(long now) {
			while (!this.entries.isEmpty() && now - this.entries.peekFirst().time() > RoomHistories.this.ttlNanos) {
				this.entries.removeFirst();
			}
		}

		boolean idleSince(long now, long ttl) {
			return now - this.lastAppend > ttl && !this.lock.isLocked();
		}

	}

	record Entry(long sequence, long time, OutboundEvent event) {
	}

	record Replay(List<OutboundEvent> events, boolean incomplete) {
	}

}
