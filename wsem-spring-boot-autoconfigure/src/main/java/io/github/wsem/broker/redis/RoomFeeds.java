package io.github.wsem.broker.redis;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import io.github.wsem.core.Broker.LocalNode;
import io.github.wsem.core.Delivery;
import io.github.wsem.core.JsonCodec;
import io.github.wsem.core.OutboundEvent;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.scheduling.TaskScheduler;

/**
 * The events of the rooms this node subscribes to, delivered to its clients once each and
 * in the order of the room's stream. Per room the node keeps the last entry it delivered;
 * an event that does not follow it (its {@code previous} is another entry), an event of
 * another epoch, and every new confirmation of the room's subscription start a catch-up:
 * live events wait while the node reads the stream after its last entry, then follow. A
 * catch-up that finds entries gone tells the room's clients {@code recovery_incomplete}.
 * Without a history, a new confirmation of a subscription only tells the room's clients
 * {@code recovery_incomplete}.
 */
final class RoomFeeds {

	private static final Log logger = LogFactory.getLog(RoomFeeds.class);

	private static final int MAX_HELD = 10_000;

	private final Map<String, Feed> feeds = new ConcurrentHashMap<>();

	private final String nodeId;

	private final JsonCodec codec;

	private final EmitLedger ledger;

	private final TaskScheduler scheduler;

	private final Duration retryDelay;

	private volatile @Nullable StreamReader reader;

	private volatile @Nullable LocalNode node;

	RoomFeeds(String nodeId, JsonCodec codec, EmitLedger ledger, TaskScheduler scheduler, Duration retryDelay) {
		this.nodeId = nodeId;
		this.codec = codec;
		this.ledger = ledger;
		this.scheduler = scheduler;
		this.retryDelay = retryDelay;
	}

	void attach(LocalNode node) {
		this.node = node;
	}

	/**
	 * Keep the rooms' positions from now on, read from their streams.
	 */
	void keepPositions(StreamReader reader) {
		this.reader = reader;
	}

	boolean keepsPositions() {
		return this.reader != null;
	}

	/**
	 * Start following a room; call before subscribing to its channel. The stream's newest
	 * entry is where a catch-up starts if the subscription is interrupted before the
	 * first event arrives.
	 */
	void open(String room) {
		StreamReader reader = this.reader;
		StreamId position = null;
		if (reader != null) {
			try {
				position = reader.newest(room).join();
			}
			catch (RuntimeException ex) {
				logger.debug("Could not read the position of " + room, ex);
			}
		}
		Feed feed = new Feed(room, null);
		feed.baseline = position;
		feed.cursor.last = position;
		feed.confirmed = reader != null && position == null;
		this.feeds.put(room, feed);
	}

	/**
	 * Whether Redis confirmed this node's subscription to a room's channel, so that what
	 * is published on it from now on reaches this node.
	 */
	boolean follows(String room) {
		Feed feed = this.feeds.get(room);
		return feed != null && feed.following;
	}

	void close(String room) {
		Feed feed = this.feeds.remove(room);
		if (feed != null) {
			synchronized (feed) {
				feed.closed = true;
			}
		}
		this.ledger.unfollowed(room);
	}

	/**
	 * A subscription to a room's channel was confirmed; after the first one, catch up.
	 * @param room the room, or {@code null} for the pattern of every room
	 */
	void subscribed(@Nullable String room) {
		if (room == null) {
			this.feeds.values().forEach(this::interrupted);
			return;
		}
		Feed feed = this.feeds.get(room);
		if (feed != null) {
			boolean catchUp;
			synchronized (feed) {
				feed.following = true;
				catchUp = feed.confirmed;
				feed.confirmed = true;
			}
			if (catchUp) {
				interrupted(feed);
			}
		}
	}

	private void interrupted(Feed feed) {
		synchronized (feed) {
			if (this.reader == null) {
				node().historyIncomplete(feed.room);
			}
			else {
				catchUp(feed);
			}
		}
	}

	/**
	 * Deliver an event that came through a room's channel.
	 * @param emit the event
	 * @param wildcard whether it came through the pattern of every room
	 */
	void received(ClusterMessage.Emit emit, boolean wildcard) {
		String room = emit.room();
		StreamId id = StreamId.parse(emit.entry());
		if (room == null || id == null || this.reader == null) {
			deliver(emit, null, null);
			return;
		}
		Feed feed = this.feeds.get(room);
		if (feed == null) {
			if (!wildcard) {
				return;
			}
			feed = this.feeds.computeIfAbsent(room, (name) -> new Feed(name, null));
		}
		synchronized (feed) {
			live(feed, emit, id);
		}
	}

	private void live(Feed feed, ClusterMessage.Emit emit, StreamId id) {
		if (feed.closed) {
			return;
		}
		if (feed.catchingUp) {
			if (feed.held.size() >= MAX_HELD) {
				feed.held.removeFirst();
			}
			feed.held.addLast(emit);
			return;
		}
		StreamId last = feed.last;
		StreamId baseline = feed.baseline;
		if (last == null && baseline != null && baseline.epoch().equals(id.epoch()) && !id.isAfter(baseline)) {
			// published before this subscription (still in flight from a previous one)
			return;
		}
		if (last != null && last.epoch().equals(id.epoch())) {
			if (!id.isAfter(last)) {
				return;
			}
			if (!last.streamId().equals(emit.previous())) {
				feed.held.addLast(emit);
				catchUp(feed);
				return;
			}
		}
		else if (last != null) {
			feed.held.addLast(emit);
			catchUp(feed);
			return;
		}
		feed.last = id;
		deliver(emit, feed, id);
	}

	private void catchUp(Feed feed) {
		StreamReader reader = this.reader;
		if (feed.catchingUp || feed.closed || reader == null) {
			return;
		}
		feed.catchingUp = true;
		StreamId from = (feed.last != null) ? feed.last : feed.baseline;
		if (feed.last == null) {
			feed.last = from;
		}
		reader.after(feed.room, from).whenComplete((replay, ex) -> caughtUp(feed, from != null, replay, ex));
	}

	private void caughtUp(Feed feed, boolean known, StreamReader.@Nullable Replay replay, @Nullable Throwable ex) {
		synchronized (feed) {
			feed.catchingUp = false;
			if (feed.closed) {
				return;
			}
			if (replay == null) {
				logger.debug("Catching up " + feed.room + " failed; trying again", ex);
				feed.catchingUp = true;
				this.scheduler.schedule(() -> {
					synchronized (feed) {
						feed.catchingUp = false;
						catchUp(feed);
					}
				}, java.time.Instant.now().plus(this.retryDelay));
				return;
			}
			if (replay.incomplete()) {
				node().historyIncomplete(feed.room);
			}
			for (ClusterMessage.Emit emit : known ? replay.events() : List.<ClusterMessage.Emit>of()) {
				StreamId id = StreamId.parse(emit.entry());
				StreamId last = feed.last;
				if (id != null && (last == null || !last.epoch().equals(id.epoch()) || id.isAfter(last))) {
					feed.last = id;
					deliver(emit, feed, id);
				}
			}
			if (feed.last == null || !feed.last.epoch().equals(replay.epoch())) {
				feed.last = replay.position();
				synchronized (feed.cursor) {
					feed.cursor.last = feed.last;
				}
			}
			List<ClusterMessage.Emit> held = new ArrayList<>(feed.held);
			feed.held.clear();
			for (ClusterMessage.Emit emit : held) {
				StreamId id = StreamId.parse(emit.entry());
				if (id != null) {
					live(feed, emit, id);
				}
			}
		}
	}

	/**
	 * Deliver an event that came through Redis.
	 * @param feed the feed of its room, {@code null} for an event of no room's stream
	 * @param entry its stream entry, {@code null} for an event of no room's stream
	 */
	private void deliver(ClusterMessage.Emit emit, @Nullable Feed feed, @Nullable StreamId entry) {
		if (emit.event().isEmpty()) {
			if (!emit.origin().equals(this.nodeId) && emit.room() != null) {
				node().historyIncomplete(emit.room(), emit.origin(), emit.sequence());
			}
			return;
		}
		if (!emit.origin().equals(this.nodeId)) {
			deliver(emit, feed, entry, 0, false);
		}
		else if (!emit.localFirst()) {
			this.ledger.cameBack(emit.sequence(), (emit.entry() != null) ? emit.room() : null,
					(local) -> deliver(emit, feed, entry, emit.sequence(), local));
		}
	}

	/**
	 * Deliver an event to this node's clients, unless they have it already, with an id
	 * that also names the emits of this node delivered ahead of the room's stream.
	 */
	private void deliver(ClusterMessage.Emit emit, @Nullable Feed feed, @Nullable StreamId entry, long own,
			boolean local) {
		if (feed == null || entry == null) {
			if (!local) {
				node().deliver(delivery(emit, emit.entry()));
			}
			return;
		}
		Cursor cursor = feed.cursor;
		synchronized (cursor) {
			cursor.last = entry;
			if (own >= cursor.ahead) {
				cursor.ahead = 0;
			}
			if (!local) {
				node().deliver(delivery(emit, EventId.of(emit.entry(), this.nodeId, cursor.ahead)));
			}
		}
	}

	private Delivery delivery(ClusterMessage.Emit emit, @Nullable String id) {
		return new Delivery(emit.rooms(), emit.except(), OutboundEvent.of(this.codec, emit.event(), emit.data(), id,
				emit.room(), emit.origin(), emit.sequence()));
	}

	/**
	 * Deliver one of this node's emits to its clients before Redis kept it in the room's
	 * stream: its id names the room's last entry they have and its number, so that a
	 * replay after it skips the emit, and the room's later events name it too until it
	 * comes back from the stream.
	 * @param sequence the emit's number
	 * @param delivery the emit
	 */
	void ahead(long sequence, Delivery delivery) {
		Set<String> rooms = delivery.rooms();
		Feed feed = (this.reader != null && rooms.size() == 1) ? this.feeds.get(rooms.iterator().next()) : null;
		if (feed == null) {
			node().deliver(delivery);
			return;
		}
		Cursor cursor = feed.cursor;
		synchronized (cursor) {
			StreamId last = cursor.last;
			if (last == null) {
				node().deliver(delivery);
				return;
			}
			cursor.ahead = Math.max(cursor.ahead, sequence);
			OutboundEvent event = delivery.event();
			node().deliver(new Delivery(rooms, delivery.except(), OutboundEvent.of(this.codec, event.event(),
					event.dataJson(), EventId.copy(last, this.nodeId, sequence), event.room(), this.nodeId, sequence)));
		}
	}

	private LocalNode node() {
		LocalNode node = this.node;
		if (node == null) {
			throw new IllegalStateException("Not attached to a node");
		}
		return node;
	}

	private static final class Feed {

		final String room;

		final Cursor cursor = new Cursor();

		final ArrayDeque<ClusterMessage.Emit> held = new ArrayDeque<>();

		@Nullable StreamId last;

		/**
		 * The newest entry before the subscription, where a catch-up starts when no event
		 * arrived yet (the first live event sets {@link #last}).
		 */
		@Nullable StreamId baseline;

		boolean confirmed;

		/**
		 * Whether Redis confirmed the subscription once: the node's own emits to the room
		 * come back from then on.
		 */
		volatile boolean following;

		boolean catchingUp;

		boolean closed;

		Feed(String room, @Nullable StreamId last) {
			this.room = room;
			this.last = last;
		}

	}

	/**
	 * What this node's clients of a room have: the room's last entry delivered to them,
	 * and this node's emits up to a number delivered ahead of the stream (0: none). The
	 * events of the room are delivered under its lock, the innermost one.
	 */
	private static final class Cursor {

		@Nullable StreamId last;

		long ahead;

	}

	/**
	 * Reads a room's stream.
	 */
	interface StreamReader {

		/**
		 * Return the id of the room's newest entry.
		 */
		CompletableFuture<StreamId> newest(String room);

		/**
		 * Return the entries after one, or every entry if {@code after} is {@code null}
		 * or of another epoch.
		 */
		CompletableFuture<Replay> after(String room, @Nullable StreamId after);

		/**
		 * Entries read from a stream.
		 *
		 * @param epoch the stream's epoch
		 * @param incomplete whether entries after the asked one are gone
		 * @param events the entries, oldest first
		 * @param position the newest entry when the stream was read
		 */
		record Replay(String epoch, boolean incomplete, List<ClusterMessage.Emit> events, @Nullable StreamId position) {
		}

	}

}
