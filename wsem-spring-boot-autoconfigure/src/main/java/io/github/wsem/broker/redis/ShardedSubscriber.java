package io.github.wsem.broker.redis;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;

import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.event.ClusterTopologyChangedEvent;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.cluster.pubsub.RedisClusterPubSubAdapter;
import io.lettuce.core.cluster.pubsub.StatefulRedisClusterPubSubConnection;
import io.lettuce.core.event.connection.DisconnectedEvent;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;

import org.springframework.context.SmartLifecycle;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.scheduling.TaskScheduler;

/**
 * A {@link RedisSubscriber} for Redis Cluster: sharded pub/sub ({@code SSUBSCRIBE}, Redis
 * 7), so that a message published on a channel goes only to the shard that owns the
 * channel's slot instead of to every node of the cluster.
 *
 * <p>
 * Spring Data Redis's listener container has no sharded pub/sub, so this uses Lettuce's
 * own cluster pub/sub connection ({@link StatefulRedisClusterPubSubConnection}), from the
 * client Spring Boot configured, which sends each {@code SSUBSCRIBE} to the master of the
 * channel's slot.
 *
 * <p>
 * Lettuce does not move sharded subscriptions when a master fails and its replica takes
 * over (its node connection keeps reconnecting to the dead master). So this subscriber
 * keeps, per channel, the node that confirmed it, and makes each channel's subscription
 * follow the slot's master: after a disconnect it refreshes the topology every half
 * second for a while, subscribes again on the new master, and only then tells the
 * listener {@code subscribed} again, the broker's signal to catch up on what was
 * published in between. Messages from another node than the one that confirmed the
 * channel are dropped, so a channel does not deliver twice.
 */
public final class ShardedSubscriber implements RedisSubscriber, SmartLifecycle {

	private static final Log logger = LogFactory.getLog(RedisBroker.class);

	private static final Duration RECONCILE_INTERVAL = Duration.ofMillis(500);

	/** How long the topology is refreshed at every round after a disconnect. */
	private static final long WATCH_MILLIS = 30_000;

	/**
	 * How long an asked subscription may wait for its confirmation before it is asked
	 * again.
	 */
	private static final long ASK_AGAIN_MILLIS = 2_000;

	private final LettuceConnectionFactory connectionFactory;

	private final Executor inbound;

	private final TaskScheduler scheduler;

	private final Set<String> channels = ConcurrentHashMap.newKeySet();

	/** The id of the node that confirmed each channel's subscription. */
	private final Map<String, String> confirmed = new ConcurrentHashMap<>();

	/** When each unconfirmed channel was last asked for. */
	private final Map<String, Long> asked = new ConcurrentHashMap<>();

	private volatile @Nullable Listener listener;

	private volatile @Nullable StatefulRedisClusterPubSubConnection<String, String> connection;

	private volatile @Nullable RedisClusterClient client;

	private volatile long watchUntil;

	private volatile boolean running;

	private @Nullable Disposable events;

	private @Nullable ScheduledFuture<?> reconciling;

	/**
	 * Create a subscriber.
	 * @param connectionFactory Spring Boot's connection factory, configured for a Redis
	 * Cluster
	 * @param inbound runs the listener's calls, on one thread
	 * @param scheduler runs the topology checks
	 */
	public ShardedSubscriber(LettuceConnectionFactory connectionFactory, Executor inbound, TaskScheduler scheduler) {
		this.connectionFactory = connectionFactory;
		this.inbound = inbound;
		this.scheduler = scheduler;
	}

	@Override
	public void listen(Listener listener) {
		this.listener = listener;
	}

	@Override
	public CompletableFuture<Void> subscribe(String channel) {
		this.channels.add(channel);
		StatefulRedisClusterPubSubConnection<String, String> connection = this.connection;
		if (connection == null) {
			return CompletableFuture.completedFuture(null);
		}
		this.asked.put(channel, System.currentTimeMillis());
		return connection.async().ssubscribe(channel).toCompletableFuture().thenApply((ignored) -> null);
	}

	@Override
	public CompletableFuture<Void> unsubscribe(String channel) {
		this.channels.remove(channel);
		this.asked.remove(channel);
		this.confirmed.remove(channel);
		StatefulRedisClusterPubSubConnection<String, String> connection = this.connection;
		if (connection == null) {
			return CompletableFuture.completedFuture(null);
		}
		return connection.async().sunsubscribe(channel).toCompletableFuture().thenApply((ignored) -> null);
	}

	/**
	 * Sharded pub/sub has no patterns: always fails.
	 */
	@Override
	public CompletableFuture<Void> subscribePattern(String pattern) {
		return CompletableFuture.failedFuture(new UnsupportedOperationException(
				"Redis Cluster's sharded pub/sub has no pattern subscriptions (" + pattern + ")"));
	}

	@Override
	public CompletableFuture<Void> unsubscribePattern(String pattern) {
		return CompletableFuture.completedFuture(null);
	}

	// Lifecycle

	@Override
	public void start() {
		RedisClusterClient client = (RedisClusterClient) this.connectionFactory.getRequiredNativeClient();
		this.client = client;
		this.running = true;
		this.events = client.getResources().eventBus().get().subscribe((event) -> {
			// the watch's own topology refreshes open and close connections: not again
			long now = System.currentTimeMillis();
			if (event instanceof DisconnectedEvent disconnected) {
				forgetNodesAt(disconnected.remoteAddress());
			}
			if ((event instanceof DisconnectedEvent || event instanceof ClusterTopologyChangedEvent)
					&& now >= this.watchUntil) {
				this.watchUntil = now + WATCH_MILLIS;
			}
		});
		connect();
		this.reconciling = this.scheduler.scheduleWithFixedDelay(this::reconcile, RECONCILE_INTERVAL);
	}

	@Override
	public void stop() {
		this.running = false;
		ScheduledFuture<?> reconciling = this.reconciling;
		if (reconciling != null) {
			reconciling.cancel(false);
		}
		Disposable events = this.events;
		if (events != null) {
			events.dispose();
		}
		StatefulRedisClusterPubSubConnection<String, String> connection = this.connection;
		this.connection = null;
		if (connection != null) {
			connection.closeAsync();
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/**
	 * Before the broker (which subscribes when it starts), and stopped after it.
	 */
	@Override
	public int getPhase() {
		return SmartLifecycle.DEFAULT_PHASE - 8192;
	}

	// Following the masters

	private void connect() {
		RedisClusterClient client = this.client;
		if (client == null || this.connection != null) {
			return;
		}
		try {
			StatefulRedisClusterPubSubConnection<String, String> connection = client.connectPubSub();
			connection.addListener(new Messages());
			this.connection = connection;
		}
		catch (RuntimeException ex) {
			logger.debug("Cannot open the sharded pub/sub connection yet", ex);
		}
	}

	/**
	 * Make every channel's subscription be on its slot's master: refresh the topology
	 * while watching (after a disconnect or while a channel is not confirmed), and ask
	 * again for the channels confirmed by another node or not confirmed in time.
	 */
	void reconcile() {
		try {
			connect();
			StatefulRedisClusterPubSubConnection<String, String> connection = this.connection;
			RedisClusterClient client = this.client;
			if (connection == null || client == null) {
				return;
			}
			long now = System.currentTimeMillis();
			if (now < this.watchUntil) {
				client.refreshPartitions();
			}
			forgetClosedNodes(connection);
			for (String channel : this.channels) {
				RedisClusterNode master = connection.getPartitions().getMasterBySlot(SlotHash.getSlot(channel));
				if (master != null && master.getNodeId().equals(this.confirmed.get(channel))) {
					continue;
				}
				this.watchUntil = Math.max(this.watchUntil, now + ASK_AGAIN_MILLIS);
				Long last = this.asked.get(channel);
				if (master != null && (last == null || now - last > ASK_AGAIN_MILLIS)) {
					this.confirmed.remove(channel);
					this.asked.put(channel, now);
					connection.async().ssubscribe(channel);
				}
			}
		}
		catch (RuntimeException ex) {
			logger.debug("Checking the sharded subscriptions failed", ex);
		}
	}

	/**
	 * A node whose pub/sub connection is closed lost its subscriptions for wsem (it
	 * failed, or restarted and keeps its id): its channels are asked for again once it or
	 * its replica serves, the confirmation being the broker's signal to catch up.
	 */
	private void forgetClosedNodes(StatefulRedisClusterPubSubConnection<String, String> connection) {
		for (String nodeId : Set.copyOf(this.confirmed.values())) {
			StatefulRedisPubSubConnection<String, String> node = connection.getConnectionAsync(nodeId).getNow(null);
			if (node != null && !node.isOpen()) {
				this.confirmed.values().removeIf(nodeId::equals);
				this.watchUntil = Math.max(this.watchUntil, System.currentTimeMillis() + WATCH_MILLIS);
			}
		}
	}

	/**
	 * A connection to a node dropped: its channels are asked for again, one at a time.
	 * Lettuce subscribes a node connection's channels again after a reconnect in one
	 * {@code SSUBSCRIBE}, which Redis refuses ({@code CROSSSLOT}) when they are in more
	 * than one slot, and nothing tells this subscriber. Every node on the address's port
	 * is taken for it (an extra subscription only makes the broker catch up once more).
	 */
	private void forgetNodesAt(@Nullable SocketAddress address) {
		StatefulRedisClusterPubSubConnection<String, String> connection = this.connection;
		if (connection == null) {
			return;
		}
		Integer port = (address instanceof InetSocketAddress inet) ? inet.getPort() : null;
		for (RedisClusterNode node : connection.getPartitions()) {
			if (port == null || node.getUri().getPort() == port) {
				this.confirmed.values().removeIf(node.getNodeId()::equals);
			}
		}
	}

	private boolean isMasterOf(@Nullable RedisClusterNode node, String channel) {
		StatefulRedisClusterPubSubConnection<String, String> connection = this.connection;
		if (node == null || connection == null) {
			return false;
		}
		RedisClusterNode master = connection.getPartitions().getMasterBySlot(SlotHash.getSlot(channel));
		return master != null && master.getNodeId().equals(node.getNodeId());
	}

	private void dispatch(Runnable call) {
		try {
			this.inbound.execute(() -> {
				if (this.running) {
					call.run();
				}
			});
		}
		catch (RejectedExecutionException ex) {
			logger.debug("Redis message ignored: stopping");
		}
	}

	/**
	 * Lettuce's calls, on its event loops: handed to the inbound thread in their order.
	 */
	private final class Messages extends RedisClusterPubSubAdapter<String, String> {

		@Override
		public void smessage(RedisClusterNode node, String channel, String message) {
			String confirmedBy = ShardedSubscriber.this.confirmed.get(channel);
			if (node != null && confirmedBy != null && !confirmedBy.equals(node.getNodeId())) {
				return;
			}
			Listener listener = ShardedSubscriber.this.listener;
			if (listener != null) {
				dispatch(() -> listener.message(channel, null, message));
			}
		}

		@Override
		public void ssubscribed(RedisClusterNode node, String channel, long count) {
			if (!ShardedSubscriber.this.channels.contains(channel) || !isMasterOf(node, channel)) {
				return;
			}
			ShardedSubscriber.this.confirmed.put(channel, node.getNodeId());
			ShardedSubscriber.this.asked.remove(channel);
			Listener listener = ShardedSubscriber.this.listener;
			if (listener != null) {
				dispatch(() -> listener.subscribed(channel));
			}
		}

		@Override
		public void sunsubscribed(RedisClusterNode node, String channel, long count) {
			if (node != null && ShardedSubscriber.this.confirmed.remove(channel, node.getNodeId())) {
				// the slot moved, or its master became a replica: follow it
				ShardedSubscriber.this.watchUntil = System.currentTimeMillis() + WATCH_MILLIS;
			}
		}

	}

}
