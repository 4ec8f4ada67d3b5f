package io.github.wsem.core;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;

/**
 * The clients of this node and the rooms they are in: room -> members, and each
 * session keeps its own rooms. Joining and leaving cost O(1), a room's members are
 * read without copying.
 */
final class RoomRegistry {

	private final Map<String, ClientSession> clients = new ConcurrentHashMap<>();

	private final Map<String, Set<ClientSession>> rooms = new ConcurrentHashMap<>();

	boolean add(ClientSession client) {
		return this.clients.putIfAbsent(client.id(), client) == null;
	}

	boolean remove(ClientSession client) {
		return this.clients.remove(client.id(), client);
	}

	@Nullable ClientSession client(String id) {
		return this.clients.get(id);
	}

	Stream<ClientSession> clients() {
		return this.clients.values().stream();
	}

	int clientCount() {
		return this.clients.size();
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

	Map<String, Integer> roomSizes() {
		Map<String, Integer> sizes = new TreeMap<>();
		this.rooms.forEach((room, members) -> sizes.put(room, members.size()));
		return sizes;
	}

	Optional<Client> find(String id) {
		return Optional.ofNullable(this.clients.get(id));
	}

}
