package io.github.wsem.broker.redis;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

import io.github.wsem.core.Delivery;
import io.github.wsem.core.EventHistory;
import io.github.wsem.core.JsonCodec;
import io.github.wsem.core.OutboundEvent;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * The history of a cluster, in one Redis stream per room, so that a client resumes on
 * any node. An emit to one room is added to the room's stream and published on the
 * room's channel by one script, so every node (the emitting one included) receives the
 * events of a room in the stream's order. Streams keep at least {@code size} events
 * (Redis trims whole nodes), drop events older than the ttl and expire when idle for
 * the ttl.
 *
 * <p>Event ids are {@code <epoch>.<stream id>}; the epoch lives in Redis, so it
 * changes only when Redis loses its data. Each entry names the entry before it, so a
 * replay knows exactly whether the client missed an event that was trimmed.
 */
public final class RedisHistory implements EventHistory {

	private static final Log logger = LogFactory.getLog(RedisHistory.class);

	private static final RedisScript<String> EMIT = script("history-emit.lua", String.class);

	private static final RedisScript<String> POSITION = script("history-position.lua", String.class);

	@SuppressWarnings("rawtypes")
	private static final RedisScript<List> REPLAY = script("history-replay.lua", List.class);

	private final RedisBroker broker;

	private final RedisKeys keys;

	private final JsonCodec codec;

	private final String size;

	private final String ttl;

	private final String candidateEpoch = newEpoch();

	/**
	 * Create the history of a cluster.
	 * @param broker the broker whose Redis and channels it uses
	 * @param size the events kept per room, at least
	 * @param ttl how long events, and an idle room's stream, are kept
	 */
	public RedisHistory(RedisBroker broker, int size, Duration ttl) {
		this.broker = broker;
		this.keys = broker.keys();
		this.codec = broker.codec();
		this.size = String.valueOf(size);
		this.ttl = String.valueOf(Math.max(1, ttl.toMillis()));
		if (size > 0) {
			broker.deliverThroughRedis();
			broker.whenConnected(this::loadScripts);
		}
	}

	/**
	 * Load the scripts into Redis ahead of the emits, on the connection the emits
	 * use. Spring Data Redis runs a script by its SHA1 and, when Redis does not know
	 * it yet, sends it again in full after the reply: that emit would reach the stream
	 * after the ones sent meanwhile, out of emit order.
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
	 * Run the script that keeps and publishes the event, without waiting for it; if
	 * Redis cannot be reached, deliver the event to this node's clients without id.
	 * Commands of one connection run in the order they are sent, so the emits of one
	 * thread reach the stream in emit order.
	 */
	@Override
	public void publish(String room, Set<String> except, String event, @Nullable String dataJson) {
		String body = this.codec.encode(RedisBroker.emitEnvelope("", Set.of(room), except, event, dataJson, room));
		List<String> keys = List.of(this.keys.historyEpoch(room), this.keys.history(room));
		List<String> args = List.of(this.candidateEpoch, this.size, this.ttl, this.keys.roomChannel(room), event,
				(dataJson != null) ? dataJson : "", body.substring(1));
		this.broker.redis()
			.execute(EMIT, keys, args)
			.then()
			.timeout(this.broker.operationTimeout())
			.subscribe(null, (ex) -> {
				this.broker.failed(ex);
				this.broker.deliverLocally(new Delivery(Set.of(room), except,
						OutboundEvent.of(this.codec, event, dataJson, null)));
			}, this.broker::succeeded);
	}

	/**
	 * Join the client holding back live events, make sure this node listens to the
	 * room, read the stream after {@code since}, send what was read, then release the
	 * live events the client does not have. Waits at most the operation timeout;
	 * without Redis the client joins and the answer is {@code true}.
	 */
	@Override
	public boolean resume(Resumption resumption, String since) {
		long deadline = System.nanoTime() + this.broker.operationTimeout().toNanos();
		EventId from = EventId.parse(since);
		String room = resumption.room();
		resumption.joinHolding();
		String epoch = null;
		String last = null;
		boolean incomplete = true;
		try {
			if (!this.broker.awaitSubscribed(room, remaining(deadline))) {
				return true;
			}
			List<String> reply = replay(room, from, remaining(deadline));
			epoch = reply.get(0);
			incomplete = "1".equals(reply.get(1));
			for (int i = 2; i + 2 < reply.size(); i += 3) {
				String dataJson = reply.get(i + 2);
				resumption.send(OutboundEvent.of(this.codec, reply.get(i + 1), dataJson.isEmpty() ? null : dataJson,
						epoch + "." + reply.get(i), room));
				last = reply.get(i);
			}
			if (last == null && from != null && from.epoch().equals(epoch)) {
				last = from.streamId();
			}
			this.broker.succeeded();
			return incomplete;
		}
		catch (RuntimeException ex) {
			this.broker.failed(ex);
			return true;
		}
		finally {
			resumption.release(unseen(epoch, last));
		}
	}

	@Override
	public @Nullable String position(String room) {
		try {
			String position = this.broker.redis()
				.execute(POSITION, List.of(this.keys.historyEpoch(room), this.keys.history(room)),
						List.of(this.candidateEpoch, this.size, this.ttl))
				.next()
				.block(this.broker.operationTimeout());
			this.broker.succeeded();
			return position;
		}
		catch (RuntimeException ex) {
			this.broker.failed(ex);
			return null;
		}
	}

	private List<String> replay(String room, @Nullable EventId from, Duration timeout) {
		List<String> args = List.of(this.candidateEpoch, (from != null) ? from.epoch() : "",
				(from != null) ? from.streamId() : "");
		List<?> reply = this.broker.redis()
			.execute(REPLAY, List.of(this.keys.historyEpoch(room), this.keys.history(room)), args)
			.collectList()
			.block(timeout);
		List<String> strings = new ArrayList<>();
		if (reply != null) {
			for (Object item : reply) {
				if (item instanceof List<?> list) {
					list.forEach((element) -> strings.add(String.valueOf(element)));
				}
				else {
					strings.add(String.valueOf(item));
				}
			}
		}
		if (strings.size() < 2) {
			throw new IllegalStateException("Unexpected answer of the history script: " + reply);
		}
		return strings;
	}

	/**
	 * Tell whether a live event is one the client does not have, the client having
	 * every event of the epoch up to {@code last}.
	 */
	private static Predicate<OutboundEvent> unseen(@Nullable String epoch, @Nullable String last) {
		if (epoch == null || last == null) {
			return (event) -> true;
		}
		EventId bound = new EventId(epoch, last);
		return (event) -> {
			EventId id = EventId.parse(event.id());
			return id == null || !id.epoch().equals(epoch) || id.isAfter(bound);
		};
	}

	private static Duration remaining(long deadline) {
		return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
	}

	private static <T> RedisScript<T> script(String name, Class<T> type) {
		return RedisScript.of(new ClassPathResource(name, RedisHistory.class), type);
	}

	private static String newEpoch() {
		byte[] bytes = new byte[6];
		new SecureRandom().nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	/**
	 * An event id read back: the epoch and the entry's stream id
	 * ({@code <milliseconds>-<sequence>}).
	 */
	record EventId(String epoch, String streamId) {

		/**
		 * Read an event id.
		 * @return the id, or {@code null} if it is not one of this history
		 */
		static @Nullable EventId parse(@Nullable String id) {
			if (id == null) {
				return null;
			}
			int dot = id.lastIndexOf('.');
			if (dot <= 0) {
				return null;
			}
			String streamId = id.substring(dot + 1);
			int dash = streamId.indexOf('-');
			if (dash <= 0 || dash > 15 || streamId.length() - dash - 1 > 15 || streamId.length() - dash - 1 == 0
					|| !digits(streamId, 0, dash) || !digits(streamId, dash + 1, streamId.length())) {
				return null;
			}
			return new EventId(id.substring(0, dot), streamId);
		}

		boolean isAfter(EventId other) {
			long[] mine = parts(this.streamId);
			long[] theirs = parts(other.streamId);
			return (mine[0] != theirs[0]) ? mine[0] > theirs[0] : mine[1] > theirs[1];
		}

		private static long[] parts(String streamId) {
			int dash = streamId.indexOf('-');
			return new long[] { Long.parseLong(streamId.substring(0, dash)), Long.parseLong(streamId.substring(dash + 1)) };
		}

		private static boolean digits(String text, int from, int to) {
			for (int i = from; i < to; i++) {
				char c = text.charAt(i);
				if (c < '0' || c > '9') {
					return false;
				}
			}
			return true;
		}

	}

}
