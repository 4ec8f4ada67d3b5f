package io.github.wsem.broker.redis;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
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
import reactor.core.publisher.Mono;

import org.springframework.context.SmartLifecycle;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.scheduling.TaskScheduler;

/**
 * A {@link Broker} that makes several nodes one: emits travel on one Redis channel per
 * room (a node subscribes while it has members of the room) or on a broadcast channel,
 * direct messages on a channel per node; membership and presence live in Redis sets that
 * every node reads. Nodes send heartbeats; the registrations of a node that stops sending
 * them are removed by the others after the node timeout.
 *
 * <p>
 * With a {@link RedisHistory}, every emit reaches this node's clients too through Redis,
 * and the {@link RoomFeeds} deliver each room's events once, in the order of the room's
 * stream, catching up after any gap; an emit Redis does not take in time goes to this
 * node's clients at once ({@link EmitLedger}) and to the others once Redis is back.
 *
 * <p>
 * Publishing and writing never block the caller and never throw: a failure is logged and
 * counted, and local delivery carries on. Reads wait at most the operation timeout and
 * fall back to this node's own knowledge.
 */
public final class RedisBroker implements Broker, SmartLifecycle {

	private static final Log logger = LogFactory.getLog(RedisBroker.class);

	@SuppressWarnings("rawtypes")
	private static final RedisScript<List> CLAIM = LuaScripts.read("claim-id.lua", List.class);

	private final String nodeId = newNodeId();

	private final Set<String> claimed = ConcurrentHashMap.newKeySet();

	private final Set<String> memberships = ConcurrentHashMap.newKeySet();

	private final RedisKeys keys;

	private final RedisDeployment deployment;

	private final RedisConnectionFactory connectionFactory;

	private final RedisCommands commands;

	private final NodeLiveness liveness;

	private final ReactiveStringRedisTemplate redis;

	private final RedisSubscriber subscriber;

	private final ClusterCodec messages;

	private final JsonCodec codec;

	private final EmitLedger ledger;

	private final RoomFeeds feeds;

	private final RoomSubscriptions subscriptions;

	private final Inbound inbound;

	private final TaskScheduler scheduler;

	private final Duration nodeTimeout;

	private final Duration operationTimeout;

	private final List<ScheduledFuture<?>> tasks = new java.util.concurrent.CopyOnWriteArrayList<>();

	private volatile long replyIdBase = -1;

	private volatile @Nullable LocalNode node;

	private volatile boolean running;

	/**
	 * Create a broker.
	 * @param connectionFactory the Redis connections, for the version check
	 * @param subscriber the subscriptions to Redis channels
	 * @param redis the reactive template for commands
	 * @param codec the JSON codec
	 * @param prefix the prefix of every key and channel
	 * @param nodeTimeout how long a silent node keeps its registrations
	 * @param operationTimeout how long a read waits for Redis
	 * @param scheduler runs heartbeats, retries and the check for late emits
	 * @param subscriptions runs subscription changes, one at a time
	 * @param notifications runs the registration listeners, one at a time
	 */
	public RedisBroker(RedisConnectionFactory connectionFactory, RedisSubscriber subscriber,
			ReactiveStringRedisTemplate redis, JsonCodec codec, String prefix, Duration nodeTimeout,
			Duration operationTimeout, TaskScheduler scheduler, Executor subscriptions, Executor notifications) {
		this.keys = new RedisKeys(prefix);
		this.connectionFactory = connectionFactory;
		this.deployment = RedisDeployment.of(connectionFactory);
		this.redis = redis;
		this.subscriber = subscriber;
		this.codec = codec;
		this.messages = new ClusterCodec(codec);
		this.nodeTimeout = nodeTimeout;
		this.operationTimeout = operationTimeout;
		this.scheduler = scheduler;
		this.commands = new RedisCommands(redis, operationTimeout, this.deployment.cluster());
		this.liveness = new NodeLiveness(this.nodeId, this.keys, redis, this.commands, this.messages, nodeTimeout,
				operationTimeout, this.claimed, this.memberships, !this.deployment.cluster());
		this.ledger = new EmitLedger(operationTimeout, this::deliverAhead,
				(delivery) -> delivery.rooms().stream().anyMatch((room) -> node().hasLocalMembers(room)),
				this::comesBack,
				() -> this.commands.failed(new TimeoutException("Redis did not take an emit in time")));
		this.feeds = new RoomFeeds(this.nodeId, codec, this.ledger, scheduler, Duration.ofMillis(250));
		this.subscriptions = new RoomSubscriptions(subscriber, this.keys, this.feeds, subscriptions, operationTimeout);
		this.inbound = new Inbound(this.nodeId, this.keys, this.messages, this.feeds, this.subscriptions,
				notifications);
		subscriber.listen(this.inbound);
	}

	/**
	 * Return the id of this node, unique across the cluster.
	 * @return the node id
	 */
	@Override
	public String nodeId() {
		return this.nodeId;
	}

	/**
	 * Whether the last exchange with Redis succeeded.
	 * @return {@code false} while Redis cannot be reached
	 */
	@Override
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
		this.feeds.attach(node);
		this.inbound.attach(node);
		this.subscriptions.membersFrom((room) -> !node.localMembers(room).isEmpty());
	}

	// Lifecycle

	@Override
	public void start() {
		this.deployment.requireSupportedVersion(this.connectionFactory);
		for (String channel : List.of(this.keys.broadcastChannel(), this.keys.nodeChannel(this.nodeId),
				this.keys.answerChannel(), this.keys.registrationChannel())) {
			this.subscriber.subscribe(channel);
		}
		this.commands.connected();
		this.commands.whenConnected(this::takeReplyIds);
		this.commands.whenConnected(this.inbound::registrationsMayHaveChanged);
		this.commands.whenConnected(this.liveness::resyncOnNextBeat);
		takeReplyIds();
		long interval = Math.max(100, this.nodeTimeout.toMillis() / 3);
		this.tasks.add(this.scheduler.scheduleWithFixedDelay(this.liveness::beat, Duration.ofMillis(interval)));
		this.tasks.add(this.scheduler.scheduleWithFixedDelay(this.ledger::sweep, Duration.ofMillis(50)));
		this.running = true;
	}

	@Override
	public void stop() {
		this.running = false;
		this.tasks.forEach((task) -> task.cancel(false));
		try {
			this.liveness.forget(this.nodeId).block(this.operationTimeout);
		}
		catch (RuntimeException ex) {
			logger.warn("Could not remove this node's registrations from Redis: " + ex.getMessage());
		}
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
	 * Publish an emit. Without a Redis history, the local clients get it at once and the
	 * other nodes through Redis; with one, this node too gets it through Redis, so that
	 * it keeps its place among the emits the history publishes.
	 */
	@Override
	public void publish(Delivery delivery) {
		OutboundEvent event = delivery.event();
		Set<String> rooms = delivery.rooms();
		boolean oneRoom = rooms.size() == 1 && !rooms.contains(Delivery.EVERYONE);
		String channel = oneRoom ? this.keys.roomChannel(rooms.iterator().next()) : this.keys.broadcastChannel();
		if (!this.feeds.keepsPositions()) {
			node().deliver(delivery);
			this.commands.publish(channel, this.messages.encode(new ClusterMessage.Emit(this.nodeId, this.ledger.next(),
					true, rooms, delivery.except(), event.event(), event.dataJson(), event.room(), null, null)));
			return;
		}
		this.ledger.send(delivery,
				(sequence) -> this.commands.publishing(channel,
						this.messages.encode(new ClusterMessage.Emit(this.nodeId, sequence, false, rooms,
								delivery.except(), event.event(), event.dataJson(), event.room(), null, null))),
				this.commands::failed, this.commands::succeeded);
	}

	// Membership

	@Override
	public boolean hasMembers(String room) {
		if (node().hasLocalMembers(room)) {
			return true;
		}
		return this.commands.read(this.redis.opsForSet()
			.size(this.keys.room(room))
			.zipWith(this.redis.opsForSet().size(this.keys.room("*")),
					(members, everything) -> members + everything > 0),
				false);
	}

	@Override
	public @Nullable Set<String> members(String room) {
		Set<String> local = node().localMembers(room);
		Set<String> all = this.commands.read(this.redis.opsForSet()
			.members(this.keys.room(room))
			.map(RedisKeys::second)
			.collect(LinkedHashSet<String>::new, Set::add)
			.map((ids) -> (Set<String>) ids), null);
		if (all == null) {
			return null;
		}
		Set<String> members = new LinkedHashSet<>(all);
		members.addAll(local);
		return members;
	}

	@Override
	public void joined(String room, String clientId, boolean firstOnNode) {
		String membership = RedisKeys.pair(room, clientId);
		this.memberships.add(membership);
		changeRegistrations(room,
				this.redis.opsForSet()
					.add(this.keys.room(room), RedisKeys.pair(this.nodeId, clientId))
					.then(this.redis.opsForSet().add(this.keys.nodeMemberships(this.nodeId), membership)));
		if (firstOnNode) {
			awaitSubscription(this.subscriptions.reconcile(room), room);
		}
	}

	@Override
	public void left(String room, String clientId, boolean lastOnNode) {
		String membership = RedisKeys.pair(room, clientId);
		this.memberships.remove(membership);
		changeRegistrations(room,
				this.redis.opsForSet()
					.remove(this.keys.room(room), RedisKeys.pair(this.nodeId, clientId))
					.then(this.redis.opsForSet().remove(this.keys.nodeMemberships(this.nodeId), membership)));
		if (lastOnNode) {
			this.subscriptions.reconcile(room);
		}
	}

	/**
	 * Write a change of a room's registrations, then tell the other nodes. The notice
	 * follows the write: on Redis Cluster the room's set and the notice's channel are on
	 * different shards, and a node that read the set before the write landed would keep a
	 * stale view. A write that fails or times out may land or not, so the next heartbeat
	 * settles it and then tells the other nodes.
	 */
	private void changeRegistrations(String room, Mono<?> writes) {
		this.commands.write(
				writes.then(this.commands.publishing(this.keys.registrationChannel(),
						this.messages.encode(new ClusterMessage.Registrations(this.nodeId, room)))),
				() -> this.liveness.registrationWriteFailed(room));
	}

	// Presence

	/**
	 * Claim a client id for a connection of this node. An exclusive claim fails while a
	 * node that is alive holds the id; a node that is gone (its process killed: Redis
	 * closed its connections) does not block it until the others remove its
	 * registrations. The check and the claim are one script, so of two clients that want
	 * one id at once only one gets it.
	 */
	@Override
	public boolean claim(String clientId, boolean exclusive) {
		if (exclusive) {
			if (!this.commands.read(claimAlone(clientId), true)) {
				return false;
			}
			this.claimed.add(clientId);
			this.commands.write(this.redis.opsForSet().add(this.keys.nodeClients(this.nodeId), clientId));
			return true;
		}
		this.claimed.add(clientId);
		this.commands.write(this.redis.opsForSet()
			.add(this.keys.client(clientId), this.nodeId)
			.then(this.redis.opsForSet().add(this.keys.nodeClients(this.nodeId), clientId)));
		return true;
	}

	private Mono<Boolean> claimAlone(String clientId) {
		return holders(clientId, List.of()).flatMap((others) -> others.isEmpty() ? Mono.just(true)
				: this.liveness.gone(others)
					.flatMap((gone) -> (gone.size() < others.size()) ? Mono.just(false)
							: holders(clientId, gone).map(List::isEmpty)));
	}

	/**
	 * Claim an id unless another node holds it, the given gone nodes dropped first.
	 * @return the other holders, none if the id was claimed
	 */
	private Mono<List<String>> holders(String clientId, List<String> gone) {
		List<String> args = new ArrayList<>(gone.size() + 1);
		args.add(this.nodeId);
		args.addAll(gone);
		return this.redis.execute(CLAIM, List.of(this.keys.client(clientId)), args)
			.flatMapIterable((reply) -> reply)
			.map(String::valueOf)
			.collectList();
	}

	@Override
	public void release(String clientId) {
		this.claimed.remove(clientId);
		this.commands.write(this.redis.opsForSet()
			.remove(this.keys.client(clientId), this.nodeId)
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
			.subscribe(
					(byNode) -> byNode.forEach((node, ids) -> this.commands.publish(this.keys.nodeChannel(node),
							this.messages.encode(new ClusterMessage.Direct(this.nodeId, Set.copyOf(ids), frame)))),
					this.commands::failed);
	}

	@Override
	public void answer(long reply, String from, @Nullable Object message) {
		this.commands.publish(this.keys.answerChannel(),
				this.messages.encode(new ClusterMessage.Answer(this.nodeId, reply, from, message)));
	}

	/**
	 * Return this node's base of reply ids: a number Redis hands out once per node
	 * ({@code INCR}), shifted past the 32 bits of the node's own count, so that the ids
	 * of two nodes never meet and stay below 2^53 (a JavaScript number).
	 */
	@Override
	public long replyIdBase() {
		long base = this.replyIdBase;
		if (base < 0) {
			takeReplyIds().join();
			base = this.replyIdBase;
		}
		if (base < 0) {
			throw new IllegalStateException("Redis cannot be reached: no cluster-unique reply id");
		}
		return base;
	}

	private CompletableFuture<Void> takeReplyIds() {
		if (this.replyIdBase >= 0) {
			return CompletableFuture.completedFuture(null);
		}
		return this.redis.opsForValue()
			.increment(this.keys.nodeNumbers())
			.timeout(this.operationTimeout)
			.doOnNext((number) -> this.replyIdBase = ((number % (1L << 20)) + 1) << 32)
			.onErrorResume((ex) -> {
				this.commands.failed(ex);
				return Mono.empty();
			})
			.then()
			.toFuture();
	}

	// For the history

	/**
	 * Deliver every emit, on this node too, through Redis from now on, and follow the
	 * rooms' streams.
	 */
	void keepHistory(RoomFeeds.StreamReader reader) {
		this.feeds.keepPositions(reader);
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

	ClusterCodec messages() {
		return this.messages;
	}

	EmitLedger ledger() {
		return this.ledger;
	}

	Duration operationTimeout() {
		return this.operationTimeout;
	}

	boolean awaitSubscribed(String room, Duration timeout) {
		return this.subscriptions.awaitSubscribed(room, timeout);
	}

	RedisCommands commands() {
		return this.commands;
	}

	// Plumbing

	/**
	 * Whether an emit sent now reaches this node through Redis: one to several rooms or
	 * to everyone does (the broadcast channel), one to a room once Redis confirmed the
	 * subscription to the room's channel.
	 */
	private boolean comesBack(Delivery delivery) {
		Set<String> rooms = delivery.rooms();
		return rooms.size() != 1 || rooms.contains(Delivery.EVERYONE) || this.feeds.follows(rooms.iterator().next());
	}

	private void deliverAhead(long sequence, Delivery delivery) {
		this.feeds.ahead(sequence, delivery);
	}

	private void awaitSubscription(CompletableFuture<Void> subscription, String room) {
		try {
			subscription.get(this.operationTimeout.toMillis() * 2, TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (ExecutionException | TimeoutException ex) {
			this.commands.failed(new IllegalStateException("Subscribing to room " + room + " did not complete", ex));
		}
	}

	private LocalNode node() {
		LocalNode node = this.node;
		if (node == null) {
			throw new IllegalStateException("Broker is not attached to a node");
		}
		return node;
	}

	private static String newNodeId() {
		byte[] bytes = new byte[9];
		new SecureRandom().nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

}
