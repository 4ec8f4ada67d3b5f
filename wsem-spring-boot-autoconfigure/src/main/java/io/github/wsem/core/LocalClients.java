package io.github.wsem.core;

import java.util.Iterator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The {@link Clients} of this node, read from its registry.
 */
final class LocalClients implements Clients {

	private final RoomRegistry registry;

	LocalClients(RoomRegistry registry) {
		this.registry = registry;
	}

	@Override
	public int count() {
		return this.registry.clientCount();
	}

	@Override
	public Optional<Client> find(String id) {
		return this.registry.find(id);
	}

	@Override
	public Stream<Client> stream() {
		return this.registry.clients().map(Client.class::cast);
	}

	@Override
	public Iterator<Client> iterator() {
		return stream().iterator();
	}

}
