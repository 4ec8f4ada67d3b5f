package io.github.wsem.broker.redis;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * This node's subscriptions to room channels: one while the room has a member here, the
 * pattern of every room while the {@code *} room has one. Changes run one at a time on
 * their own thread; a room's feed is opened before its subscription.
 */
final class RoomSubscriptions {

	private static final Log logger = LogFactory.getLog(RoomSubscriptions.class);

	private final Set<String> subscribed = ConcurrentHashMap.newKeySet();

	private final RedisSubscriber subscriber;

	private final RedisKeys keys;

	private final RoomFeeds feeds;

	private final Executor executor;

	private final Duration timeout;

	private volatile Function<String, Boolean> hasMembers = (room) -> false;

	private volatile boolean wildcard;

	RoomSubscriptions(RedisSubscriber subscriber, RedisKeys keys, RoomFeeds feeds, Executor executor,
			Duration timeout) {
		this.subscriber = subscriber;
		this.keys = keys;
		this.feeds = feeds;
		this.executor = executor;
		this.timeout = timeout;
	}

	void membersFrom(Function<String, Boolean> hasMembers) {
		this.hasMembers = hasMembers;
	}

	/**
	 * Subscribe to a room while it has members here, unsubscribe once it has none.
	 * @return completes once done
	 */
	CompletableFuture<Void> reconcile(String room) {
		try {
			return CompletableFuture.runAsync(() -> subscribeWhileMembers(room), this.executor);
		}
		catch (RejectedExecutionException ex) {
			return CompletableFuture.completedFuture(null);
		}
	}

	private void subscribeWhileMembers(String room) {
		boolean members = this.hasMembers.apply(room);
		boolean everything = "*".equals(room);
		if (members && !this.subscribed.contains(room)) {
			if (!everything) {
				this.feeds.open(room);
			}
			this.subscribed.add(room);
			await(everything ? this.subscriber.subscribePattern(this.keys.roomChannelPattern())
					: this.subscriber.subscribe(this.keys.roomChannel(room)), room);
			this.wildcard |= everything;
		}
		else if (!members && this.subscribed.remove(room)) {
			if (everything) {
				this.wildcard = false;
			}
			await(everything ? this.subscriber.unsubscribePattern(this.keys.roomChannelPattern())
					: this.subscriber.unsubscribe(this.keys.roomChannel(room)), room);
			if (!everything) {
				this.feeds.close(room);
			}
		}
	}

	private void await(CompletableFuture<Void> change, String room) {
		try {
			change.get(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (ExecutionException | TimeoutException ex) {
			logger.warn("Changing the subscription to room " + room + " did not complete: " + ex);
		}
	}

	/**
	 * Wait until the changes asked for so far are made, then tell whether this node
	 * listens to a room's channel.
	 */
	boolean awaitSubscribed(String room, Duration timeout) {
		try {
			CompletableFuture.runAsync(() -> {
			}, this.executor).get(Math.max(0, timeout.toMillis()), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
		catch (ExecutionException | TimeoutException | RejectedExecutionException ex) {
			return false;
		}
		return this.subscribed.contains(room);
	}

	/**
	 * Whether this node takes room events from the pattern of every room rather than from
	 * the rooms' channels.
	 */
	boolean isWildcard() {
		return this.wildcard;
	}

}
