package io.github.wsem.core;

import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;

/**
 * The clients of this node and the rooms they are in: room -> members, and each session
 * keeps its own rooms. Joining and leaving cost O(1), a room's members are read without
 * copying.
 */
final class RoomRegistry {

	private final Map<String, Set<ClientSession>> clients = new ConcurrentHashMap<>();

	private final AtomicInteger clientCount = new AtomicInteger();

	private final AtomicInteger[] clientCountByTransport = Stream.generate(AtomicInteger::new)
		.limit(Transport.values().length)
		.toArray(AtomicInteger[]::new);

	private final Map<String, Set<ClientSession>> rooms = new ConcurrentHashMap<>();

	/**
	 * Add a client.
	 * @param shared whether the id may be shared with connected clients (the connections
	 * of one user)
	 * @return {@code false} if the id is taken
	 */
	boolean add(ClientSession client, boolean shared) {
		boolean[] added = new boolean[1];
		this.clients.compute(client.id(), (id, sessions) -> {
			if (sessions == null) {
				added[0] = true;
				return Set.of(client);
			}
			if (!shared || sessions.contains(client)) {
				return sessions;
			}
			added[0] = true;
			return with(sessions, client);
		});
		if (added[0]) {
			this.clientCount.incrementAndGet();
			this.clientCountByTransport[client.transport().ordinal()].incrementAndGet();
		}
		return added[0];
	}

	/**
	 * File a client under another id, unless a connection has that id; the client keeps
	 * its rooms. The caller then {@link ClientSession#rename renames} the client.
	 * @return {@code false} if the id is taken
	 */
	boolean rename(ClientSession client, String next) {
		boolean[] added = new boolean[1];
		this.clients.compute(next, (id, sessions) -> {
			if (sessions != null) {
				return sessions;
			}
			added[0] = true;
			return Set.of(client);
		});
		if (added[0]) {
			this.clients.computeIfPresent(client.id(), (id, sessions) -> without(sessions, client));
		}
		return added[0];
	}

	boolean remove(ClientSession client) {
		boolean[] removed = new boolean[1];
		this.clients.computeIfPresent(client.id(), (id, sessions) -> {
			removed[0] = sessions.contains(client);
			return without(sessions, client);
		});
		if (removed[0]) {
			this.clientCount.decrementAndGet();
			this.clientCountByTransport[client.transport().ordinal()].decrementAndGet();
		}
		return removed[0];
	}

	/**
	 * Return the connections of a client id: one, or several when ids are shared. The set
	 * is immutable: joining and leaving replace it, so that a client id costs one small
	 * set where a concurrent set would cost a map.
	 */
	Set<ClientSession> sessions(String id) {
		return this.clients.getOrDefault(id, Set.of());
	}

	@Nullable ClientSession client(String id) {
		return sessions(id).stream().findFirst().orElse(null);
	}

	Stream<ClientSession> clients() {
		return this.clients.values().stream().flatMap(Set::stream);
	}

	int clientCount() {
		return this.clientCount.get();
	}

	int clientCount(Transport transport) {
		return this.clientCountByTransport[transport.ordinal()].get();
	}

	/**
	 * Add a client to a room.
	 * @return {@code true} if the room had no member before
	 */
	boolean join(ClientSession client, String room) {
		boolean[] opened = new boolean[1];
		this.rooms.compute(room, (name, members) -> {
			if (members == null) {
				members = ConcurrentHashMap.newKeySet();
				opened[0] = true;
			}
			members.add(client);
			return members;
		});
		return opened[0];
	}

	/**
	 * Remove a client from a room.
	 * @return {@code true} if the room has no member any more
	 */
	boolean leave(ClientSession client, String room) {
		boolean[] closed = new boolean[1];
		this.rooms.computeIfPresent(room, (name, members) -> {
			members.remove(client);
			closed[0] = members.isEmpty();
			return closed[0] ? null : members;
		});
		return closed[0];
	}

	Set<ClientSession> members(String room) {
		return this.rooms.getOrDefault(room, Set.of());
	}

	Set<String> memberIds(String room) {
		return members(room).stream().map(ClientSession::id).collect(Collectors.toUnmodifiableSet());
	}

	int roomCount() {
		return this.rooms.size();
	}

	Map<String, Integer> roomSizes() {
		Map<String, Integer> sizes = new TreeMap<>();
		this.rooms.forEach((room, members) -> sizes.put(room, members.size()));
		return sizes;
	}

	Optional<Client> find(String id) {
		return Optional.ofNullable(client(id));
	}

	/**
	 * Hand an emit to its recipients on this node: the members of its rooms and of the
	 * wildcard room, each once, but those it leaves out.
	 * @return the number of recipients
	 */
	int fanOut(Delivery delivery) {
		Set<String> except = delivery.except();
		OutboundEvent event = delivery.event();
		Set<ClientSession> wildcard = members(Delivery.EVERYONE);
		if (delivery.rooms().contains(Delivery.EVERYONE)) {
			int[] sent = new int[1];
			clients().filter((client) -> !except.contains(client.id())).forEach((client) -> {
				client.deliver(event);
				sent[0]++;
			});
			return sent[0];
		}
		if (delivery.rooms().size() == 1 && wildcard.isEmpty()) {
			int sent = 0;
			for (ClientSession member : members(delivery.rooms().iterator().next())) {
				if (!except.contains(member.id())) {
					member.deliver(event);
					sent++;
				}
			}
			return sent;
		}
		Set<ClientSession> reached = new HashSet<>();
		for (String room : delivery.rooms()) {
			sendOnce(members(room), except, event, reached);
		}
		sendOnce(wildcard, except, event, reached);
		return reached.size();
	}

	private static Set<ClientSession> with(Set<ClientSession> sessions, ClientSession client) {
		Set<ClientSession> next = new HashSet<>(sessions);
		next.add(client);
		return Set.copyOf(next);
	}

	private static @Nullable Set<ClientSession> without(Set<ClientSession> sessions, ClientSession client) {
		if (!sessions.contains(client)) {
			return sessions;
		}
		if (sessions.size() == 1) {
			return null;
		}
		Set<ClientSession> next = new HashSet<>(sessions);
		next.remove(client);
		return Set.copyOf(next);
	}

	private static void sendOnce(Set<ClientSession> members, Set<String> except, OutboundEvent event,
			Set<ClientSession> reached) {
		for (ClientSession member : members) {
			if (!except.contains(member.id()) && reached.add(member)) {
				member.deliver(event);
			}
		}
	}

}
