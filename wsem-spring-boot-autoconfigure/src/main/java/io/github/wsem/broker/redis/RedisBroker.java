package io.github.wsem.broker.redis;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.github.wsem.core.Broker;
import io.github.wsem.core.Delivery;
import io.github.wsem.core.JsonCodec;
import io.github.wsem.core.OutboundEvent;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;

import org.springframework.context.SmartLifecycle;
import org.springframework.data.redis.connection.Message;
import org.springframework.data.redis.connection.MessageListener;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.PatternTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;
import org.springframework.data.redis.listener.Topic;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * A {@link Broker} that makes several nodes one: emits travel on one Redis channel
 * per room (a node subscribes while it has members of the room) or on a broadcast
 * channel, direct messages on a channel per node; membership and presence live in
 * Redis sets that every node reads. Nodes send heartbeats; the registrations of a
 * node that stops sending them are removed by the others after the node timeout.
 *
 * <p>Messages from Redis are handled one at a time, in the order Redis sent them,
 * so every node delivers the events of a channel in the order they were published.
 *
 * <p>Publishing and writing never block the caller and never throw: a failure is
 * logged and counted, and local delivery carries on. Reads wait at most the
 * operation timeout and fall back to this node's own knowledge.
 */
public final class RedisBroker implements Broker, MessageListener, SmartLifecycle {

	private static final Log logger = LogFactory.getLog(RedisBroker.class);

	private final String nodeId = newNodeId();

	private final Set<String> claimed = ConcurrentHashMap.newKeySet();

	private final Set<String> memberships = ConcurrentHashMap.newKeySet();

	private final RedisKeys keys;

	private final RedisDeployment deployment;

	private final RedisConnectionFactory connectionFactory;

	private final RedisCommands commands;

	private final NodeLiveness liveness;

	private final ReactiveStringRedisTemplate redis;

	private final RedisMessageListenerContainer container;

	private final JsonCodec codec;

	private final Duration nodeTimeout;

	private final Duration operationTimeout;

	private final ExecutorService subscriptions;

	private final Set<String> subscribedRooms = ConcurrentHashMap.newKeySet();

	/**
	 * Runs the listener for each received message, one at a time in arrival order: the
	 * container's default runs each on a new thread, which reorders a room's events.
	 */
	private final ExecutorService inbound;

	private final ExecutorService notifications;

	private final ScheduledExecutorService heartbeat;

	private volatile @Nullable LocalNode node;

	private volatile boolean running;

	private volatile boolean wildcard;

	private volatile boolean throughRedis;

	/**
	 * Create a broker.
	 * @param connectionFactory the Redis connections, for publishing, data and subscriptions
	 * @param redis the reactive template for commands
	 * @param codec the JSON codec
	 * @param prefix the prefix of every key and channel
	 * @param nodeTimeout how long a silent node keeps its registrations
	 * @param operationTimeout how long a read waits for Redis
	 */
	public RedisBroker(RedisConnectionFactory connectionFactory, ReactiveStringRedisTemplate redis, JsonCodec codec,
			String prefix, Duration nodeTimeout, Duration operationTimeout) {
		this.keys = new RedisKeys(prefix);
		this.connectionFactory = connectionFactory;
		this.deployment = RedisDeployment.of(connectionFactory);
		this.redis = redis;
		this.codec = codec;
		this.nodeTimeout = nodeTimeout;
		this.operationTimeout = operationTimeout;
		this.commands = new RedisCommands(redis, codec, operationTimeout);
		this.liveness = new NodeLiveness(this.nodeId, this.keys, redis, this.commands, codec, nodeTimeout,
				operationTimeout, this.claimed, this.memberships);
		this.container = new RedisMessageListenerContainer();
		this.container.setConnectionFactory(connectionFactory);
		this.container.setRecoveryInterval(500);
		this.inbound = Executors.newSingleThreadExecutor(new CustomizableThreadFactory("wsem-redis-in-"));
		this.container.setTaskExecutor(this.inbound);
		this.notifications = Executors.newSingleThreadExecutor(new CustomizableThreadFactory("wsem-redis-reg-"));
		this.subscriptions = Executors.newSingleThreadExecutor(new CustomizableThreadFactory("wsem-redis-sub-"));
		this.heartbeat = Executors.newSingleThreadScheduledExecutor(new CustomizableThreadFactory("wsem-redis-beat-"));
	}

	/**
	 * Return the id of this node, unique across the cluster.
	 * @return the node id
	 */
	public String nodeId() {
		return this.nodeId;
	}

	/**
	 * Whether the last exchange with Redis succeeded.
	 * @return {@code false} while Redis cannot be reached
	 */
	public boolean isHealthy() {
		return this.commands.isHealthy();
	}

	/**
	 * Return how many exchanges with Redis failed since the start.
	 * @return the count
	 */
	public long failureCount() {
		return this.commands.failureCount();
	}

	@Override
	public void attach(LocalNode node) {
		this.node = node;
	}

	// Lifecycle

	@Override
	public void start() {
		this.deployment.requireSupportedVersion(this.connectionFactory);
		this.container.addMessageListener(this, List.of(new ChannelTopic(this.keys.broadcastChannel()),
				new ChannelTopic(this.keys.nodeChannel(this.nodeId)), new ChannelTopic(this.keys.answerChannel()),
				new ChannelTopic(this.keys.registrationChannel())));
		this.container.afterPropertiesSet();
		this.container.start();
		this.commands.connected();
		long interval = Math.max(100, this.nodeTimeout.toMillis() / 3);
		this.heartbeat.scheduleWithFixedDelay(this.liveness::beat, 0, interval, TimeUnit.MILLISECONDS);
		this.running = true;
	}

	@Override
	public void stop() {
		this.running = false;
		this.heartbeat.shutdownNow();
		this.subscriptions.shutdownNow();
		try {
			this.liveness.forget(this.nodeId).block(this.operationTimeout);
		}
		catch (RuntimeException ex) {
			logger.warn("Could not remove this node's registrations from Redis: " + ex.getMessage());
		}
		this.container.stop();
		try {
			this.container.destroy();
		}
		catch (Exception ex) {
			logger.debug("Stopping the Redis listener container failed", ex);
		}
		this.inbound.shutdownNow();
		this.notifications.shutdownNow();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return SmartLifecycle.DEFAULT_PHASE - 4096;
	}

	// Emits

	/**
	 * Publish an emit. Without a Redis history, the local clients get it at once and
	 * the other nodes through Redis; with one, this node too gets it through Redis (or
	 * locally if Redis cannot be reached), so that it keeps its place among the emits
	 * the history publishes.
	 */
	@Override
	public void publish(Delivery delivery) {
		boolean throughRedis = this.throughRedis;
		if (!throughRedis) {
			node().deliver(delivery);
		}
		Set<String> rooms = delivery.rooms();
		boolean oneRoom = rooms.size() == 1 && !rooms.contains(Delivery.EVERYONE);
		String channel = oneRoom ? this.keys.roomChannel(rooms.iterator().next()) : this.keys.broadcastChannel();
		OutboundEvent event = delivery.event();
		Map<String, Object> envelope = emitEnvelope(throughRedis ? "" : this.nodeId, rooms, delivery.except(),
				event.event(), event.dataJson(), event.room());
		envelope.put("i", event.id());
		this.commands.send(channel, envelope, throughRedis ? () -> node().deliver(delivery) : () -> {
		});
	}

	/**
	 * Return the envelope of an emit as nodes read it back, without the event id.
	 * @param origin the node whose own clients already have it, {@code ""} for none
	 */
	static Map<String, Object> emitEnvelope(String origin, Set<String> rooms, Set<String> except, String event,
			@Nullable String dataJson, @Nullable String room) {
		Map<String, Object> envelope = new LinkedHashMap<>(8);
		envelope.put("o", origin);
		envelope.put("r", rooms);
		envelope.put("x", except);
		envelope.put("e", event);
		envelope.put("d", dataJson);
		envelope.put("rm", room);
		return envelope;
	}

	// Membership

	@Override
	public boolean hasMembers(String room) {
		if (node().hasLocalMembers(room)) {
			return true;
		}
		return this.commands.read(this.redis.opsForSet().size(this.keys.room(room))
			.zipWith(this.redis.opsForSet().size(this.keys.room("*")), (members, everything) -> members + everything > 0),
				false);
	}

	@Override
	public Set<String> members(String room) {
		Set<String> local = node().localMembers(room);
		Set<String> all = this.commands.read(this.redis.opsForSet().members(this.keys.room(room)).map(RedisKeys::second)
			.collect(LinkedHashSet<String>::new, Set::add).map((ids) -> (Set<String>) ids), Set.of());
		Set<String> members = new LinkedHashSet<>(all);
		members.addAll(local);
		return members;
	}

	@Override
	public void joined(String room, String clientId, boolean firstOnNode) {
		String membership = RedisKeys.pair(room, clientId);
		this.memberships.add(membership);
		this.commands.write(this.redis.opsForSet().add(this.keys.room(room), RedisKeys.pair(this.nodeId, clientId))
			.then(this.redis.opsForSet().add(this.keys.nodeMemberships(this.nodeId), membership)));
		this.commands.send(this.keys.registrationChannel(), Map.of("o", this.nodeId, "room", room));
		if (firstOnNode) {
			awaitSubscription(reconcileSubscription(room), room);
		}
	}

	@Override
	public void left(String room, String clientId, boolean lastOnNode) {
		String membership = RedisKeys.pair(room, clientId);
		this.memberships.remove(membership);
		this.commands.write(this.redis.opsForSet().remove(this.keys.room(room), RedisKeys.pair(this.nodeId, clientId))
			.then(this.redis.opsForSet().remove(this.keys.nodeMemberships(this.nodeId), membership)));
		this.commands.send(this.keys.registrationChannel(), Map.of("o", this.nodeId, "room", room));
		if (lastOnNode) {
			reconcileSubscription(room);
		}
	}

	// Presence

	@Override
	public boolean claim(String clientId, boolean exclusive) {
		if (exclusive) {
			Boolean taken = this.commands.read(this.redis.hasKey(this.keys.client(clientId)), false);
			if (Boolean.TRUE.equals(taken)) {
				return false;
			}
		}
		this.claimed.add(clientId);
		this.commands.write(this.redis.opsForSet().add(this.keys.client(clientId), this.nodeId)
			.then(this.redis.opsForSet().add(this.keys.nodeClients(this.nodeId), clientId)));
		return true;
	}

	@Override
	public void release(String clientId) {
		this.claimed.remove(clientId);
		this.commands.write(this.redis.opsForSet().remove(this.keys.client(clientId), this.nodeId)
			.then(this.redis.opsForSet().remove(this.keys.nodeClients(this.nodeId), clientId)));
	}

	@Override
	public Set<String> unknownClients(Set<String> clientIds) {
		Set<String> unknown = new LinkedHashSet<>();
		for (String id : clientIds) {
			if (!node().hasLocalClient(id)) {
				unknown.add(id);
			}
		}
		if (unknown.isEmpty()) {
			return unknown;
		}
		Set<String> known = this.commands.read(Flux.fromIterable(unknown)
			.concatMap((id) -> this.redis.hasKey(this.keys.client(id)).filter(Boolean::booleanValue).map((found) -> id))
			.collect(LinkedHashSet<String>::new, Set::add)
			.map((ids) -> (Set<String>) ids), Set.of());
		unknown.removeAll(known);
		return unknown;
	}

	// Direct messages

	@Override
	public void sendDirect(Set<String> clientIds, String frame) {
		node().deliverDirect(clientIds, frame);
		Flux.fromIterable(clientIds)
			.concatMap((id) -> this.redis.opsForSet().members(this.keys.client(id)).map((node) -> Map.entry(node, id)))
			.filter((entry) -> !entry.getKey().equals(this.nodeId))
			.collectMultimap(Map.Entry::getKey, Map.Entry::getValue)
			.timeout(this.operationTimeout)
			.subscribe((byNode) -> byNode.forEach((node, ids) -> this.commands.send(this.keys.nodeChannel(node),
					Map.of("o", this.nodeId, "c", List.copyOf(ids), "f", frame))), this::failed);
	}

	@Override
	public void answer(long reply, String from, @Nullable Object message) {
		Map<String, Object> envelope = new HashMap<>();
		envelope.put("o", this.nodeId);
		envelope.put("reply", reply);
		envelope.put("from", from);
		envelope.put("m", message);
		this.commands.send(this.keys.answerChannel(), envelope);
	}

	// Inbound

	@Override
	public void onMessage(Message message, byte @Nullable [] pattern) {
		String channel = new String(message.getChannel(), StandardCharsets.UTF_8);
		Map<?, ?> envelope;
		try {
			envelope = (Map<?, ?>) this.codec.decode(new String(message.getBody(), StandardCharsets.UTF_8));
		}
		catch (RuntimeException ex) {
			logger.warn("Ignoring an unreadable message on " + channel);
			return;
		}
		if (envelope == null || this.nodeId.equals(envelope.get("o"))) {
			return;
		}
		LocalNode node = node();
		if (channel.equals(this.keys.broadcastChannel())) {
			node.deliver(delivery(envelope));
		}
		else if (channel.equals(this.keys.nodeChannel(this.nodeId))) {
			node.deliverDirect(new LinkedHashSet<>(strings(envelope.get("c"))), (String) envelope.get("f"));
		}
		else if (channel.equals(this.keys.answerChannel())) {
			node.answer(((Number) envelope.get("reply")).longValue(), (String) envelope.get("from"), envelope.get("m"));
		}
		else if (channel.equals(this.keys.registrationChannel())) {
			String room = (String) envelope.get("room");
			try {
				this.notifications.execute(() -> node.registrationsChanged(room));
			}
			catch (RejectedExecutionException ex) {
				logger.debug("Registration change of " + room + " ignored: stopping");
			}
		}
		else if (this.wildcard == (pattern != null
				&& this.keys.roomChannelPattern().equals(new String(pattern, StandardCharsets.UTF_8)))) {
			node.deliver(delivery(envelope));
		}
	}

	private Delivery delivery(Map<?, ?> envelope) {
		OutboundEvent event = OutboundEvent.of(this.codec, (String) envelope.get("e"), (String) envelope.get("d"),
				(String) envelope.get("i"), (String) envelope.get("rm"));
		return new Delivery(new LinkedHashSet<>(strings(envelope.get("r"))),
				new LinkedHashSet<>(strings(envelope.get("x"))), event);
	}

	// Subscriptions, heartbeats, cleanup

	/**
	 * Wait, at most the operation timeout, until this node listens to a room it just
	 * opened, so that a client's register ack means that emits from other nodes
	 * reach it.
	 */
	private void awaitSubscription(Future<?> subscription, String room) {
		try {
			subscription.get(this.operationTimeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (ExecutionException | TimeoutException ex) {
			failed(new IllegalStateException("Subscribing to room " + room + " did not complete", ex));
		}
	}

	private Future<?> reconcileSubscription(String room) {
		try {
			return this.subscriptions.submit(() -> subscribeWhileMembers(room));
		}
		catch (RejectedExecutionException ex) {
			return CompletableFuture.completedFuture(null);
		}
	}

	private void subscribeWhileMembers(String room) {
		boolean members = !node().localMembers(room).isEmpty();
		boolean everything = "*".equals(room);
		Topic topic = everything ? new PatternTopic(this.keys.roomChannelPattern())
				: new ChannelTopic(this.keys.roomChannel(room));
		if (members) {
			this.container.addMessageListener(this, topic);
			this.subscribedRooms.add(room);
		}
		else {
			this.subscribedRooms.remove(room);
			this.container.removeMessageListener(this, topic);
		}
		if (everything) {
			this.wildcard = members;
		}
	}

	// For the history

	/**
	 * Deliver every emit, on this node too, through Redis from now on.
	 */
	void deliverThroughRedis() {
		this.throughRedis = true;
	}

	RedisKeys keys() {
		return this.keys;
	}

	ReactiveStringRedisTemplate redis() {
		return this.redis;
	}

	JsonCodec codec() {
		return this.codec;
	}

	Duration operationTimeout() {
		return this.operationTimeout;
	}

	/**
	 * Deliver an emit to this node's clients only.
	 */
	void deliverLocally(Delivery delivery) {
		node().deliver(delivery);
	}

	/**
	 * Wait until the subscriptions asked for so far are made, then tell whether this
	 * node listens to a room's channel.
	 * @param room the room
	 * @param timeout how long to wait at most
	 * @return {@code false} if the node does not listen to the room, or not yet
	 */
	boolean awaitSubscribed(String room, Duration timeout) {
		try {
			this.subscriptions.submit(() -> {
			}).get(Math.max(0, timeout.toMillis()), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
		catch (ExecutionException | TimeoutException | RejectedExecutionException ex) {
			return false;
		}
		return this.subscribedRooms.contains(room);
	}

	void failed(Throwable ex) {
		this.commands.failed(ex);
	}

	void succeeded() {
		this.commands.succeeded();
	}

	void whenConnected(Runnable action) {
		this.commands.whenConnected(action);
	}

	// Plumbing

	private LocalNode node() {
		LocalNode node = this.node;
		if (node == null) {
			throw new IllegalStateException("Broker is not attached to a node");
		}
		return node;
	}

	private static List<String> strings(@Nullable Object value) {
		List<String> strings = new ArrayList<>();
		if (value instanceof List<?> list) {
			list.forEach((item) -> strings.add(String.valueOf(item)));
		}
		return strings;
	}

	private static String newNodeId() {
		byte[] bytes = new byte[9];
		new SecureRandom().nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

}
