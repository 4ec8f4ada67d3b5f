package io.github.wsem.broker.redis;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

import io.github.wsem.core.Delivery;
import io.github.wsem.core.EventHistory;
import io.github.wsem.core.EventHistory.LiveFilter;
import io.github.wsem.core.JsonCodec;
import io.github.wsem.core.OutboundEvent;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.data.redis.core.script.RedisScript;

/**
 * The history of a cluster, in one Redis stream per room, so that a client resumes on any
 * node. An emit to one room is added to the room's stream and published on the room's
 * channel by one script, so every node (the emitting one included) receives the events of
 * a room in the stream's order. Streams keep at least {@code size} events (Redis trims
 * whole nodes), drop events older than the ttl and expire when idle for the ttl.
 *
 * <p>
 * Event ids are {@code <epoch>.<stream id>}; the epoch lives in Redis, so it changes only
 * when Redis loses its data. Each entry names the entry before it, so a replay knows
 * exactly whether the client missed an event that was trimmed.
 */
public final class RedisHistory implements EventHistory, RoomFeeds.StreamReader {

	/**
	 * The default number of unconfirmed emits a node keeps to send again.
	 */
	public static final int DEFAULT_OUTBOX_SIZE = 10_000;

	private static final Log logger = LogFactory.getLog(RedisHistory.class);

	private static final RedisScript<String> EMIT = LuaScripts.read("history-emit.lua", String.class);

	private static final RedisScript<String> POSITION = LuaScripts.read("history-position.lua", String.class);

	@SuppressWarnings("rawtypes")
	private static final RedisScript<List> REPLAY = LuaScripts.read("history-replay.lua", List.class);

	private final RedisBroker broker;

	private final RedisKeys keys;

	private final JsonCodec codec;

	private final ClusterCodec messages;

	private final String size;

	private final String ttl;

	private final String candidateEpoch = newEpoch();

	private final EmitOutbox outbox;

	/**
	 * Create the history of a cluster.
	 * @param broker the broker whose Redis and channels it uses
	 * @param size the events kept per room, at least
	 * @param ttl how long events, and an idle room's stream, are kept
	 */
	public RedisHistory(RedisBroker broker, int size, Duration ttl) {
		this(broker, size, ttl, DEFAULT_OUTBOX_SIZE);
	}

	/**
	 * Create the history of a cluster.
	 * @param broker the broker whose Redis and channels it uses
	 * @param size the events kept per room, at least
	 * @param ttl how long events, and an idle room's stream, are kept
	 * @param outboxSize how many of this node's emits that Redis has not confirmed yet it
	 * keeps to send again; past that the oldest are marked lost
	 */
	public RedisHistory(RedisBroker broker, int size, Duration ttl, int outboxSize) {
		this.broker = broker;
		this.keys = broker.keys();
		this.codec = broker.codec();
		this.messages = broker.messages();
		this.size = String.valueOf(size);
		this.ttl = String.valueOf(Math.max(1, ttl.toMillis()));
		this.outbox = new EmitOutbox(outboxSize, this::lostMark, broker.commands()::failed,
				broker.commands()::succeeded);
		if (size > 0) {
			broker.keepHistory(this);
			broker.commands().whenConnected(this::loadScripts);
			broker.commands().whenConnected(this.outbox::resendFailed);
		}
	}

	/**
	 * Load the scripts into Redis ahead of the emits, on the connection the emits use.
	 * Spring Data Redis runs a script by its SHA1 and, when Redis does not know it yet,
	 * sends it again in full after the reply: the emit script would refuse the emits sent
	 * meanwhile, and the outbox would send them all again.
	 */
	private void loadScripts() {
		for (RedisScript<?> script : List.of(EMIT, POSITION, REPLAY)) {
			this.broker.redis()
				.execute((connection) -> connection.scriptingCommands()
					.scriptLoad(ByteBuffer.wrap(script.getScriptAsString().getBytes(StandardCharsets.UTF_8))))
				.timeout(this.broker.operationTimeout())
				.subscribe(null, (ex) -> logger.debug("Loading a script into Redis failed", ex));
		}
	}

	/**
	 * Run the script that keeps and publishes the event, without waiting for it; the
	 * {@link EmitLedger} numbers it and gives it to this node's clients without id if
	 * Redis does not answer in time, the {@link EmitOutbox} sends it again until Redis
	 * kept it in emit order.
	 */
	@Override
	public void publish(String room, Set<String> except, String event, @Nullable String dataJson) {
		String exceptJson = except.isEmpty() ? "" : this.messages.encodeStrings(except);
		Delivery local = new Delivery(Set.of(room), except, OutboundEvent.of(this.codec, event, dataJson, null, room));
		this.broker.ledger()
			.send(local,
					(sequence) -> Mono.fromFuture(this.outbox.send(room, sequence,
							(previous) -> emit(room, sequence, previous, event, dataJson, except, exceptJson))),
					(ex) -> logger.debug("An emit to " + room + " was given up", ex), () -> {
					});
	}

	/**
	 * Mark in a room's stream that emits of this node up to a number never reached it, so
	 * that the other nodes' clients get {@code recovery_incomplete} instead of silence.
	 */
	private EmitOutbox.Command lostMark(String room, long sequence) {
		return (previous) -> emit(room, sequence, previous, "", null, Set.of(), "");
	}

	private Mono<String> emit(String room, long sequence, @Nullable Long previous, String event,
			@Nullable String dataJson, Set<String> except, String exceptJson) {
		String nodeId = this.broker.nodeId();
		String body = this.messages.encode(new ClusterMessage.Emit(nodeId, sequence, false, Set.of(room), except, event,
				dataJson, room, null, null));
		return this.broker.redis()
			.execute(EMIT,
					List.of(this.keys.historyEpoch(room), this.keys.history(room), this.keys.historyOrigins(room)),
					List.of(this.candidateEpoch, this.size, this.ttl, this.keys.roomChannel(room), event,
							(dataJson != null) ? dataJson : "", body.substring(1), nodeId, String.valueOf(sequence),
							exceptJson, this.broker.commands().publishCommand(),
							(previous != null) ? String.valueOf(previous) : ""))
			.next()
			.defaultIfEmpty("");
	}

	/**
	 * Join the client holding back live events, make sure this node listens to the room,
	 * read the stream after {@code since}, send what was read, then release the live
	 * events the client does not have. Waits at most the operation timeout; without Redis
	 * the client joins and the answer is {@code true}, and the live events up to
	 * {@code since} that the node delivers once it caught up are still dropped.
	 */
	@Override
	public boolean resume(Resumption resumption, String since) {
		long deadline = System.nanoTime() + this.broker.operationTimeout().toNanos();
		EventId from = EventId.parse(since);
		String room = resumption.room();
		resumption.joinHolding();
		String epoch = null;
		String last = null;
		long own = (from != null) ? from.numberOf(this.broker.nodeId()) : 0;
		// until the replay passed the emits the client has beyond its entry, the ids it
		// sends name them too
		String ahead = (from != null) ? from.node() : null;
		try {
			if (!this.broker.awaitSubscribed(room, remaining(deadline))) {
				return true;
			}
			Replay replay = read(room, from).get(remaining(deadline).toNanos(), TimeUnit.NANOSECONDS);
			for (ClusterMessage.Emit emit : replay.events()) {
				if (emit.origin().equals(this.broker.nodeId())) {
					own = Math.max(own, emit.sequence());
				}
				if (ahead != null && emit.origin().equals(ahead) && emit.sequence() >= from.number()) {
					ahead = null;
				}
				if (!emit.event().isEmpty()) {
					String id = (ahead != null) ? EventId.of(emit.entry(), ahead, from.number()) : emit.entry();
					resumption.send(OutboundEvent.of(this.codec, emit.event(), emit.data(), id, room));
				}
			}
			// the replay covers the stream up to its newest entry, the skipped emits too
			if (replay.position() != null) {
				last = replay.position().streamId();
			}
			else if (from != null && from.entry().epoch().equals(replay.epoch())) {
				last = from.entry().streamId();
			}
			epoch = replay.epoch();
			return replay.incomplete();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return true;
		}
		catch (ExecutionException | TimeoutException | RuntimeException ex) {
			this.broker.commands().failed(ex);
			return true;
		}
		finally {
			if (epoch == null && from != null) {
				epoch = from.entry().epoch();
				last = from.entry().streamId();
			}
			resumption.release(unseen(epoch, last, (from != null) ? from.entry() : null, own),
					(ahead != null && !ahead.equals(this.broker.nodeId())) ? new AheadFilter(ahead, from.number())
							: null);
		}
	}

	@Override
	public @Nullable String position(String room) {
		try {
			StreamId position = newest(room).get(this.broker.operationTimeout().toMillis(), TimeUnit.MILLISECONDS);
			return position.toString();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return null;
		}
		catch (ExecutionException | TimeoutException ex) {
			return null;
		}
	}

	@Override
	public CompletableFuture<StreamId> newest(String room) {
		return this.broker.redis()
			.execute(POSITION, List.of(this.keys.historyEpoch(room), this.keys.history(room)),
					List.of(this.candidateEpoch, this.size, this.ttl))
			.next()
			.timeout(this.broker.operationTimeout())
			.map((id) -> {
				StreamId position = StreamId.parse(id);
				if (position == null) {
					throw new IllegalStateException("Unexpected answer of the history script: " + id);
				}
				return position;
			})
			.doOnSuccess((ignored) -> this.broker.commands().succeeded())
			.doOnError(this.broker.commands()::failed)
			.toFuture();
	}

	@Override
	public CompletableFuture<Replay> after(String room, @Nullable StreamId after) {
		return read(room, after);
	}

	private CompletableFuture<Replay> read(String room, @Nullable StreamId from) {
		return read(room, (from != null) ? EventId.of(from) : null);
	}

	/**
	 * Read the stream after an id, without the emits its node had delivered ahead of the
	 * stream.
	 */
	private CompletableFuture<Replay> read(String room, @Nullable EventId from) {
		List<String> args = List.of(this.candidateEpoch, (from != null) ? from.entry().epoch() : "",
				(from != null) ? from.entry().streamId() : "", (from != null && from.node() != null) ? from.node() : "",
				(from != null) ? String.valueOf(from.number()) : "0");
		return this.broker.redis()
			.execute(REPLAY, List.of(this.keys.historyEpoch(room), this.keys.history(room)), args)
			.collectList()
			.timeout(this.broker.operationTimeout())
			.map((reply) -> replay(room, reply))
			.doOnSuccess((ignored) -> this.broker.commands().succeeded())
			.doOnError(this.broker.commands()::failed)
			.toFuture();
	}

	private Replay replay(String room, List<?> reply) {
		List<String> strings = new ArrayList<>();
		for (Object item : reply) {
			if (item instanceof List<?> list) {
				list.forEach((element) -> strings.add(String.valueOf(element)));
			}
			else {
				strings.add(String.valueOf(item));
			}
		}
		if (strings.size() < 3) {
			throw new IllegalStateException("Unexpected answer of the history script: " + reply);
		}
		String epoch = strings.get(0);
		List<ClusterMessage.Emit> events = new ArrayList<>();
		for (int i = 3; i + 5 < strings.size(); i += 6) {
			String dataJson = strings.get(i + 2);
			events.add(new ClusterMessage.Emit(strings.get(i + 3), Long.parseLong(strings.get(i + 4)), false,
					Set.of(room), this.messages.decodeStrings(strings.get(i + 5)), strings.get(i + 1),
					dataJson.isEmpty() ? null : dataJson, room, epoch + "." + strings.get(i), null));
		}
		String newest = strings.get(2);
		return new Replay(epoch, "1".equals(strings.get(1)), events,
				newest.isEmpty() ? null : new StreamId(epoch, newest));
	}

	/**
	 * Tell whether a live event is one the client does not have, the client having every
	 * event of the epoch up to {@code last}, and this node's emits up to {@code own}. An
	 * emit this node delivered ahead of the stream is new when its number is above
	 * {@code own} and the node delivered it after the client's {@code since}: one
	 * delivered earlier may be in the stream before {@code since}.
	 */
	private Predicate<OutboundEvent> unseen(@Nullable String epoch, @Nullable String last, @Nullable StreamId since,
			long own) {
		if (epoch == null || last == null) {
			return (event) -> true;
		}
		StreamId bound = new StreamId(epoch, last);
		String nodeId = this.broker.nodeId();
		return (event) -> {
			EventId id = EventId.parse(event.id());
			if (id == null) {
				return false;
			}
			StreamId entry = id.entry();
			if (!entry.epoch().equals(epoch)) {
				return true;
			}
			if (id.copy()) {
				return nodeId.equals(id.node()) && id.number() > own
						&& (since == null || !since.epoch().equals(epoch) || !since.isAfter(entry));
			}
			return entry.isAfter(bound);
		};
	}

	/**
	 * The live events of a client that has the emits of another node up to a number,
	 * delivered there ahead of the stream, which this node's replay did not pass: those
	 * emits are dropped when the node's outbox sends them, and the other events get ids
	 * that name them, so that the client resumes anywhere without getting them twice.
	 * Done once an emit of that node numbered from {@code number} on arrives: the stream
	 * holds the others before it.
	 */
	private final class AheadFilter implements LiveFilter {

		private final String node;

		private final long number;

		private volatile boolean done;

		AheadFilter(String node, long number) {
			this.node = node;
			this.number = number;
		}

		@Override
		public @Nullable OutboundEvent apply(OutboundEvent event) {
			if (this.node.equals(event.origin())) {
				if (event.number() >= this.number) {
					this.done = true;
				}
				return (event.number() > this.number) ? event : null;
			}
			EventId id = EventId.parse(event.id());
			if (id == null || id.node() != null) {
				return event;
			}
			return event.withId(RedisHistory.this.codec, EventId.of(event.id(), this.node, this.number));
		}

		@Override
		public boolean has(String origin, long number) {
			return this.node.equals(origin) && number <= this.number;
		}

		@Override
		public boolean done() {
			return this.done;
		}

	}

	private static Duration remaining(long deadline) {
		return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
	}

	private static String newEpoch() {
		byte[] bytes = new byte[6];
		new SecureRandom().nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

}
