package io.github.wsem.broker.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.data.domain.Range;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * Which nodes are alive: each node's heartbeat refreshes its entry in a sorted set of
 * nodes by time, writes its clients and memberships again when Redis lost them or its
 * link failed meanwhile, and removes the registrations of the nodes that stopped beating
 * for longer than the node timeout.
 */
final class NodeLiveness {

	private static final Log logger = LogFactory.getLog(RedisBroker.class);

	private static final RedisScript<Long> SUBSCRIBERS = LuaScripts.read("node-subscribers.lua", Long.class);

	private final String nodeId;

	private final RedisKeys keys;

	private final ReactiveStringRedisTemplate redis;

	private final RedisCommands commands;

	private final ClusterCodec codec;

	private final Duration nodeTimeout;

	private final Duration operationTimeout;

	private final Set<String> claimed;

	private final Set<String> memberships;

	private final boolean subscriptionsVisible;

	private final AtomicBoolean resync = new AtomicBoolean();

	/** Rooms whose registration write failed: their notice waits for the next restore. */
	private final Set<String> unsettledRooms = ConcurrentHashMap.newKeySet();

	/**
	 * Create the liveness of the cluster's nodes.
	 * @param subscriptionsVisible whether {@code PUBSUB NUMSUB} sees every node's
	 * subscriptions (not on Redis Cluster, where each shard counts its own)
	 */
	NodeLiveness(String nodeId, RedisKeys keys, ReactiveStringRedisTemplate redis, RedisCommands commands,
			ClusterCodec codec, Duration nodeTimeout, Duration operationTimeout, Set<String> claimed,
			Set<String> memberships, boolean subscriptionsVisible) {
		this.subscriptionsVisible = subscriptionsVisible;
		this.nodeId = nodeId;
		this.keys = keys;
		this.redis = redis;
		this.commands = commands;
		this.codec = codec;
		this.nodeTimeout = nodeTimeout;
		this.operationTimeout = operationTimeout;
		this.claimed = claimed;
		this.memberships = memberships;
	}

	void beat() {
		try {
			long now = System.currentTimeMillis();
			Boolean known = this.redis.opsForValue()
				.setIfPresent(this.keys.nodeAlive(this.nodeId), "1", this.nodeTimeout.multipliedBy(2))
				.block(this.operationTimeout);
			boolean resync = this.resync.getAndSet(false);
			if (resync || !Boolean.TRUE.equals(known)) {
				restoreState();
			}
			this.redis.opsForZSet().add(this.keys.nodes(), this.nodeId, now).block(this.operationTimeout);
			List<String> dead = this.redis.opsForZSet()
				.rangeByScore(this.keys.nodes(), Range.closed(0.0, (double) (now - this.nodeTimeout.toMillis())))
				.collectList()
				.block(this.operationTimeout);
			if (dead != null) {
				for (String other : dead) {
					if (!other.equals(this.nodeId)) {
						logger.info("Node " + other + " stopped sending heartbeats; removing its registrations");
						forget(other).block(this.operationTimeout);
					}
				}
			}
			this.commands.succeeded();
		}
		catch (RuntimeException ex) {
			this.commands.failed(ex);
		}
	}

	/**
	 * Have the next heartbeat write this node's clients and memberships again: a write
	 * that timed out while the link was down is not sent again, and no other node removes
	 * or restores the registrations of a node that beats.
	 */
	void resyncOnNextBeat() {
		this.resync.set(true);
	}

	/**
	 * Have the next heartbeat settle a room whose registration write failed or timed out
	 * (it may have landed or not) and then tell the other nodes of the room.
	 */
	void registrationWriteFailed(String room) {
		this.unsettledRooms.add(room);
		this.resync.set(true);
	}

	/**
	 * Write this node's clients and memberships again, after Redis lost them (a restart
	 * without persistence), after its link failed, or on the first heartbeat; remove
	 * those it gave up meanwhile. No two of the writes touch the same member, so they go
	 * out at once rather than one round trip each.
	 */
	private void restoreState() {
		Set<String> unsettled = new LinkedHashSet<>();
		for (Iterator<String> rooms = this.unsettledRooms.iterator(); rooms.hasNext();) {
			unsettled.add(rooms.next());
			rooms.remove();
		}
		try {
			writeState(unsettled);
		}
		catch (RuntimeException ex) {
			this.unsettledRooms.addAll(unsettled);
			throw ex;
		}
	}

	private void writeState(Set<String> unsettledRooms) {
		List<Mono<?>> writes = new ArrayList<>();
		Set<String> rooms = new LinkedHashSet<>(unsettledRooms);
		removeGivenUp(writes, rooms);
		writes
			.add(this.redis.opsForValue().set(this.keys.nodeAlive(this.nodeId), "1", this.nodeTimeout.multipliedBy(2)));
		for (String clientId : this.claimed) {
			writes.add(this.redis.opsForSet().add(this.keys.client(clientId), this.nodeId));
			writes.add(this.redis.opsForSet().add(this.keys.nodeClients(this.nodeId), clientId));
		}
		for (String membership : this.memberships) {
			String room = RedisKeys.first(membership);
			rooms.add(room);
			writes.add(this.redis.opsForSet()
				.add(this.keys.room(room), RedisKeys.pair(this.nodeId, RedisKeys.second(membership))));
			writes.add(this.redis.opsForSet().add(this.keys.nodeMemberships(this.nodeId), membership));
		}
		Flux.merge(writes).then().block(this.operationTimeout.multipliedBy(5));
		rooms.forEach((room) -> this.commands.publish(this.keys.registrationChannel(),
				this.codec.encode(new ClusterMessage.Registrations(this.nodeId, room))));
	}

	/**
	 * Add the removal of what Redis holds for this node that it no longer has (a leave
	 * whose write was lost). Redis is read before this node's sets, so that a join
	 * meanwhile is not taken for given up.
	 */
	private void removeGivenUp(List<Mono<?>> writes, Set<String> rooms) {
		List<String> memberships = this.redis.opsForSet()
			.members(this.keys.nodeMemberships(this.nodeId))
			.collectList()
			.block(this.operationTimeout);
		List<String> clients = this.redis.opsForSet()
			.members(this.keys.nodeClients(this.nodeId))
			.collectList()
			.block(this.operationTimeout);
		for (String membership : (memberships != null) ? memberships : List.<String>of()) {
			if (!this.memberships.contains(membership)) {
				String room = RedisKeys.first(membership);
				rooms.add(room);
				writes.add(this.redis.opsForSet()
					.remove(this.keys.room(room), RedisKeys.pair(this.nodeId, RedisKeys.second(membership))));
				writes.add(this.redis.opsForSet().remove(this.keys.nodeMemberships(this.nodeId), membership));
			}
		}
		for (String clientId : (clients != null) ? clients : List.<String>of()) {
			if (!this.claimed.contains(clientId)) {
				writes.add(this.redis.opsForSet().remove(this.keys.client(clientId), this.nodeId));
				writes.add(this.redis.opsForSet().remove(this.keys.nodeClients(this.nodeId), clientId));
			}
		}
	}

	/**
	 * Return those of the given nodes that are gone: their heartbeat is older than the
	 * node timeout, or no connection subscribes to their channel any more (Redis closes a
	 * dead process's connections at once, long before the node timeout).
	 */
	Mono<List<String>> gone(List<String> nodes) {
		long oldest = System.currentTimeMillis() - this.nodeTimeout.toMillis();
		return Flux.fromIterable(nodes)
			.concatMap((node) -> this.redis.opsForZSet()
				.score(this.keys.nodes(), node)
				.filter((beat) -> beat >= oldest)
				.flatMap((beat) -> subscribed(node))
				.defaultIfEmpty(false)
				.filter((alive) -> !alive)
				.map((alive) -> node))
			.collectList();
	}

	private Mono<Boolean> subscribed(String node) {
		if (!this.subscriptionsVisible) {
			return Mono.just(true);
		}
		return this.redis.execute(SUBSCRIBERS, List.of(), List.of(this.keys.nodeChannel(node)))
			.next()
			.map((count) -> count > 0)
			.defaultIfEmpty(true);
	}

	Mono<Void> forget(String node) {
		Mono<Void> memberships = this.redis.opsForSet()
			.members(this.keys.nodeMemberships(node))
			.concatMap((membership) -> {
				String room = RedisKeys.first(membership);
				return this.redis.opsForSet()
					.remove(this.keys.room(room), RedisKeys.pair(node, RedisKeys.second(membership)))
					.then(this.commands.publishing(this.keys.registrationChannel(),
							this.codec.encode(new ClusterMessage.Registrations("", room))));
			})
			.then();
		Mono<Void> clients = this.redis.opsForSet()
			.members(this.keys.nodeClients(node))
			.concatMap((clientId) -> this.redis.opsForSet().remove(this.keys.client(clientId), node))
			.then();
		return memberships.then(clients)
			.then(this.redis.delete(this.keys.nodeMemberships(node), this.keys.nodeClients(node),
					this.keys.nodeAlive(node)))
			.then(this.redis.opsForZSet().remove(this.keys.nodes(), node))
			.then();
	}

}
