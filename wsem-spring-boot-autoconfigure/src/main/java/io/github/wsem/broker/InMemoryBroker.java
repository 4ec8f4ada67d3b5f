package io.github.wsem.broker;

import io.github.wsem.core.Broker;
import io.github.wsem.core.Delivery;

/**
 * The {@link Broker} of a single node: every emit is delivered locally.
 */
public final class InMemoryBroker implements Broker {

	private volatile LocalNode node = NoNode.INSTANCE;

	@Override
	public void attach(LocalNode node) {
		this.node = node;
	}

	@Override
	public void publish(Delivery delivery) {
		this.node.deliver(delivery);
	}

	@Override
	public boolean hasMembers(String room) {
		return this.node.hasLocalMembers(room);
	}

	private enum NoNode implements LocalNode {

		INSTANCE;

		@Override
		public void deliver(Delivery delivery) {
		}

		@Override
		public boolean hasLocalMembers(String room) {
			return false;
		}

	}

}
