package io.github.wsem.broker.redis;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;

import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * Commands to Redis that never throw to the caller: writes go on in the background, reads
 * wait at most the operation timeout and fall back. Every outcome updates the backplane's
 * health; the first failure after a success is logged at ERROR, the following ones at
 * DEBUG.
 */
final class RedisCommands {

	private static final Log logger = LogFactory.getLog(RedisBroker.class);

	private static final RedisScript<Long> SPUBLISH = RedisScript.of("return redis.call('SPUBLISH', KEYS[1], ARGV[1])",
			Long.class);

	private final AtomicLong failures = new AtomicLong();

	private final ReactiveStringRedisTemplate redis;

	private final Duration timeout;

	private volatile boolean healthy = true;

	private final List<Runnable> connectActions = new CopyOnWriteArrayList<>();

	private final boolean sharded;

	/**
	 * Create the commands.
	 * @param sharded whether to publish with {@code SPUBLISH} (Redis Cluster) rather than
	 * {@code PUBLISH}
	 */
	RedisCommands(ReactiveStringRedisTemplate redis, Duration timeout, boolean sharded) {
		this.redis = redis;
		this.timeout = timeout;
		this.sharded = sharded;
		if (sharded) {
			whenConnected(this::loadPublishScript);
		}
	}

	/**
	 * Publish a message on a channel, in the background.
	 */
	void publish(String channel, String body) {
		write(publishing(channel, body));
	}

	/**
	 * The command that publishes a message on a channel: {@code PUBLISH}, or on Redis
	 * Cluster {@code SPUBLISH}, which reaches only the shard of the channel's slot.
	 * Spring Data Redis has no {@code SPUBLISH}: a one-line script sends it, routed by
	 * its key (the channel) on the same connection as the history's scripts, so that the
	 * commands of one node to one shard keep their order.
	 */
	Mono<?> publishing(String channel, String body) {
		return this.sharded ? this.redis.execute(SPUBLISH, List.of(channel), List.of(body)).then()
				: this.redis.convertAndSend(channel, body);
	}

	/**
	 * Return the publish command the history's script runs.
	 */
	String publishCommand() {
		return this.sharded ? "SPUBLISH" : "PUBLISH";
	}

	private void loadPublishScript() {
		this.redis
			.execute((connection) -> connection.scriptingCommands()
				.scriptLoad(ByteBuffer.wrap(SPUBLISH.getScriptAsString().getBytes(StandardCharsets.UTF_8))))
			.timeout(this.timeout)
			.subscribe(null, (ex) -> logger.debug("Loading a script into Redis failed", ex));
	}

	void write(Mono<?> command) {
		write(command, () -> {
		});
	}

	/**
	 * Send a command in the background, and run an action if it fails or its reply is
	 * later than the operation timeout (it may still have been carried out).
	 */
	void write(Mono<?> command, Runnable onFailure) {
		command.timeout(this.timeout).subscribe((ignored) -> succeeded(), (ex) -> {
			failed(ex);
			onFailure.run();
		});
	}

	<T> T read(Mono<T> query, T fallback) {
		try {
			T result = query.block(this.timeout);
			succeeded();
			return (result != null) ? result : fallback;
		}
		catch (RuntimeException ex) {
			failed(ex);
			return fallback;
		}
	}

	void failed(Throwable ex) {
		boolean wasHealthy = this.healthy;
		this.healthy = false;
		long count = this.failures.incrementAndGet();
		if (wasHealthy) {
			logger.error("Redis cannot be reached (" + count + " failures so far): cross-node delivery fails "
					+ "until it is back; local delivery goes on. " + ex);
		}
		else {
			logger.debug("Redis exchange failed", ex);
		}
	}

	void succeeded() {
		if (!this.healthy) {
			this.healthy = true;
			connected();
		}
	}

	/**
	 * Run an action when the broker starts and each time Redis answers again after a
	 * failure (then on Redis's thread, so it must not block).
	 */
	void whenConnected(Runnable action) {
		this.connectActions.add(action);
	}

	void connected() {
		this.connectActions.forEach(Runnable::run);
	}

	boolean isHealthy() {
		return this.healthy;
	}

	long failureCount() {
		return this.failures.get();
	}

}
