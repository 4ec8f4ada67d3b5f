package io.github.wsem.broker.redis;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.connection.Message;
import org.springframework.data.redis.connection.MessageListener;
import org.springframework.data.redis.connection.SubscriptionListener;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.PatternTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;
import org.springframework.data.redis.listener.Topic;

/**
 * A {@link RedisSubscriber} on Spring Data Redis's {@link RedisMessageListenerContainer},
 * for a standalone or Sentinel Redis. The container must dispatch on one thread (its task
 * executor), so that messages and confirmations reach the listener in Redis's order;
 * Lettuce subscribes again after a reconnect and the container recovers a lost
 * subscription, both confirmed anew. (The container passes a channel subscription's
 * channel as the "pattern": only a real pattern is passed on as one.)
 */
public final class ContainerSubscriber implements RedisSubscriber, MessageListener, SubscriptionListener {

	private final RedisMessageListenerContainer container;

	private volatile @Nullable Listener listener;

	/**
	 * Create a subscriber. Its calls block until the container has subscribed (at most
	 * the container's registration wait time).
	 * @param container the container, dispatching on a single thread
	 */
	public ContainerSubscriber(RedisMessageListenerContainer container) {
		this.container = container;
	}

	@Override
	public void listen(Listener listener) {
		this.listener = listener;
	}

	@Override
	public CompletableFuture<Void> subscribe(String channel) {
		return run(() -> this.container.addMessageListener(this, new ChannelTopic(channel)));
	}

	@Override
	public CompletableFuture<Void> unsubscribe(String channel) {
		return run(() -> this.container.removeMessageListener(this, new ChannelTopic(channel)));
	}

	@Override
	public CompletableFuture<Void> subscribePattern(String pattern) {
		return run(() -> this.container.addMessageListener(this, new PatternTopic(pattern)));
	}

	@Override
	public CompletableFuture<Void> unsubscribePattern(String pattern) {
		return run(() -> this.container.removeMessageListener(this, (Topic) new PatternTopic(pattern)));
	}

	private CompletableFuture<Void> run(Runnable call) {
		try {
			call.run();
			return CompletableFuture.completedFuture(null);
		}
		catch (RuntimeException ex) {
			return CompletableFuture.failedFuture(ex);
		}
	}

	@Override
	public void onMessage(Message message, byte @Nullable [] pattern) {
		Listener listener = this.listener;
		if (listener != null) {
			String channel = new String(message.getChannel(), StandardCharsets.UTF_8);
			String matched = (pattern != null) ? new String(pattern, StandardCharsets.UTF_8) : null;
			listener.message(channel, channel.equals(matched) ? null : matched,
					new String(message.getBody(), StandardCharsets.UTF_8));
		}
	}

	@Override
	public void onChannelSubscribed(byte[] channel, long count) {
		subscribed(channel);
	}

	@Override
	public void onPatternSubscribed(byte[] pattern, long count) {
		subscribed(pattern);
	}

	private void subscribed(byte[] name) {
		Listener listener = this.listener;
		if (listener != null) {
			listener.subscribed(new String(name, StandardCharsets.UTF_8));
		}
	}

}
