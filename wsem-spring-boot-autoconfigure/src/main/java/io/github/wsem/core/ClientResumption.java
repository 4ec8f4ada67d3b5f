package io.github.wsem.core;

import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;

/**
 * A client of this node resuming one room.
 */
final class ClientResumption implements EventHistory.Resumption {

	private final DefaultClientHub manager;

	private final ClientSession client;

	private final String room;

	ClientResumption(DefaultClientHub manager, ClientSession client, String room) {
		this.manager = manager;
		this.client = client;
		this.room = room;
	}

	@Override
	public String room() {
		return this.room;
	}

	@Override
	public void send(OutboundEvent event) {
		this.client.write(event);
		this.manager.metrics().delivered(1);
	}

	@Override
	public void join() {
		this.manager.join(this.client, this.room);
	}

	@Override
	public void joinHolding() {
		this.client.hold(this.room);
		this.manager.join(this.client, this.room);
	}

	@Override
	public void release(Predicate<OutboundEvent> unseen, EventHistory.@Nullable LiveFilter filter) {
		this.client.release(this.room, unseen, filter);
	}

}
