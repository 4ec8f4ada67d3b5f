package io.github.wsem.broker;

import java.util.LinkedHashSet;
import java.util.Set;

import io.github.wsem.core.Broker;
import io.github.wsem.core.Delivery;
import org.jspecify.annotations.Nullable;

/**
 * The {@link Broker} of a single node: everything stays local.
 */
public final class InMemoryBroker implements Broker {

	private @Nullable LocalNode node;

	@Override
	public void attach(LocalNode node) {
		this.node = node;
	}

	@Override
	public void publish(Delivery delivery) {
		node().deliver(delivery);
	}

	@Override
	public boolean hasMembers(String room) {
		return node().hasLocalMembers(room);
	}

	@Override
	public Set<String> members(String room) {
		return node().localMembers(room);
	}

	@Override
	public void joined(String room, String clientId, boolean firstOnNode) {
	}

	@Override
	public void left(String room, String clientId, boolean lastOnNode) {
	}

	@Override
	public boolean claim(String clientId, boolean exclusive) {
		return true;
	}

	@Override
	public void release(String clientId) {
	}

	@Override
	public Set<String> unknownClients(Set<String> clientIds) {
		Set<String> unknown = new LinkedHashSet<>();
		for (String id : clientIds) {
			if (!node().hasLocalClient(id)) {
				unknown.add(id);
			}
		}
		return unknown;
	}

	@Override
	public void sendDirect(Set<String> clientIds, String frame) {
		node().deliverDirect(clientIds, frame);
	}

	@Override
	public void answer(long reply, String from, @Nullable Object message) {
		node().answer(reply, from, message);
	}

	private LocalNode node() {
		LocalNode node = this.node;
		if (node == null) {
			throw new IllegalStateException("Broker is not attached to a node");
		}
		return node;
	}

}
