package io.github.wsem.broker.redis;

import java.util.concurrent.CompletableFuture;

import org.jspecify.annotations.Nullable;

/**
 * The node's subscriptions to Redis channels, on a connection that may drop and come
 * back: {@link ContainerSubscriber} for a standalone or Sentinel Redis, a sharded one for
 * Redis Cluster.
 *
 * <p>
 * An implementation calls its {@link Listener} one call at a time, in the order Redis
 * sent messages and confirmations. After a subscription was interrupted (the connection
 * dropped, was killed, or Redis restarted) it subscribes again by itself and calls
 * {@link Listener#subscribed} once more for that channel: messages published on it in
 * between may be lost, and the listener catches up.
 */
public interface RedisSubscriber {

	/**
	 * Set the listener, once, before the first subscription.
	 * @param listener the listener
	 */
	void listen(Listener listener);

	/**
	 * Subscribe to a channel.
	 * @param channel the channel
	 * @return completes once the subscription is asked for; the listener hears
	 * {@link Listener#subscribed} when Redis confirmed it
	 */
	CompletableFuture<Void> subscribe(String channel);

	/**
	 * Unsubscribe from a channel.
	 * @param channel the channel
	 * @return completes once Redis was asked
	 */
	CompletableFuture<Void> unsubscribe(String channel);

	/**
	 * Subscribe to every channel matching a pattern; an implementation that cannot fails
	 * the future.
	 * @param pattern a Redis glob pattern
	 * @return completes once the subscription is asked for
	 */
	CompletableFuture<Void> subscribePattern(String pattern);

	/**
	 * Unsubscribe from a pattern.
	 * @param pattern the pattern
	 * @return completes once Redis was asked
	 */
	CompletableFuture<Void> unsubscribePattern(String pattern);

	/**
	 * What the subscriber passes on.
	 */
	interface Listener {

		/**
		 * A message arrived.
		 * @param channel the channel it was published on
		 * @param pattern the pattern it matched, {@code null} when it came through a
		 * channel subscription
		 * @param body the message, UTF-8 decoded
		 */
		void message(String channel, @Nullable String pattern, String body);

		/**
		 * Redis confirmed a subscription: the first time, and again after every
		 * interruption. Messages published before the call may have been lost.
		 * @param channelOrPattern the channel, or the pattern
		 */
		void subscribed(String channelOrPattern);

	}

}
