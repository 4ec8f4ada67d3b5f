package io.github.wsem.broker.redis;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

import io.github.wsem.core.Broker.LocalNode;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * What reaches this node through its subscriptions, read as {@link ClusterMessage}s and
 * handed on: room events to the {@link RoomFeeds}, direct messages and answers to the
 * local node, registration changes to its listeners (on a thread of their own).
 */
final class Inbound implements RedisSubscriber.Listener {

	private static final Log logger = LogFactory.getLog(Inbound.class);

	private final String nodeId;

	private final RedisKeys keys;

	private final ClusterCodec codec;

	private final RoomFeeds feeds;

	private final RoomSubscriptions subscriptions;

	private final Executor notifications;

	private volatile @Nullable LocalNode node;

	private volatile boolean patternConfirmed;

	private volatile boolean registrationsConfirmed;

	Inbound(String nodeId, RedisKeys keys, ClusterCodec codec, RoomFeeds feeds, RoomSubscriptions subscriptions,
			Executor notifications) {
		this.nodeId = nodeId;
		this.keys = keys;
		this.codec = codec;
		this.feeds = feeds;
		this.subscriptions = subscriptions;
		this.notifications = notifications;
	}

	void attach(LocalNode node) {
		this.node = node;
	}

	@Override
	public void message(String channel, @Nullable String pattern, String body) {
		LocalNode node = this.node;
		ClusterMessage message = this.codec.decode(body);
		if (node == null || message == null) {
			if (message == null) {
				logger.warn("Ignoring an unreadable message on " + channel);
			}
			return;
		}
		if (message instanceof ClusterMessage.Emit emit) {
			if (this.keys.roomOfChannel(channel) == null) {
				this.feeds.received(emit, false);
			}
			else if (this.subscriptions.isWildcard() == (pattern != null)) {
				this.feeds.received(emit, pattern != null);
			}
		}
		else if (message.origin().equals(this.nodeId)) {
			return;
		}
		else if (message instanceof ClusterMessage.Direct direct) {
			node.deliverDirect(direct.clients(), direct.frame());
		}
		else if (message instanceof ClusterMessage.Answer answer) {
			node.answer(answer.reply(), answer.from(), answer.message());
		}
		else if (message instanceof ClusterMessage.Registrations registrations) {
			notifyListeners(() -> node.registrationsChanged(registrations.room()));
		}
	}

	/**
	 * Have the registration listeners read their rooms again, after notices may have been
	 * lost or a read of the members failed.
	 */
	void registrationsMayHaveChanged() {
		LocalNode node = this.node;
		if (node != null) {
			notifyListeners(node::registrationsMayHaveChanged);
		}
	}

	private void notifyListeners(Runnable notification) {
		try {
			this.notifications.execute(notification);
		}
		catch (RejectedExecutionException ex) {
			logger.debug("Registration change ignored: stopping");
		}
	}

	@Override
	public void subscribed(String channelOrPattern) {
		if (channelOrPattern.equals(this.keys.roomChannelPattern())) {
			if (this.patternConfirmed) {
				this.feeds.subscribed(null);
			}
			this.patternConfirmed = true;
		}
		else if (channelOrPattern.equals(this.keys.registrationChannel())) {
			if (this.registrationsConfirmed) {
				registrationsMayHaveChanged();
			}
			this.registrationsConfirmed = true;
		}
		else {
			String room = this.keys.roomOfChannel(channelOrPattern);
			if (room != null) {
				this.feeds.subscribed(room);
			}
		}
	}

}
