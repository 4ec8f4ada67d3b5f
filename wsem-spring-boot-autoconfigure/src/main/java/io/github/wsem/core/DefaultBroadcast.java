package io.github.wsem.core;

import java.util.LinkedHashSet;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * The immutable {@link Broadcast} operator.
 */
record DefaultBroadcast(DefaultEventManager manager, Set<String> rooms, Set<String> except) implements Broadcast {

	@Override
	public Broadcast to(String room) {
		return new DefaultBroadcast(this.manager, with(this.rooms, room), this.except);
	}

	@Override
	public Broadcast except(String clientId) {
		return new DefaultBroadcast(this.manager, this.rooms, with(this.except, clientId));
	}

	@Override
	public void emit(String event, @Nullable Object data) {
		this.manager.publish(this.rooms.isEmpty() ? Set.of(event) : this.rooms, this.except, event, data);
	}

	@Override
	public void sendText(String text) {
		this.manager.publishText(this.rooms.isEmpty() ? Set.of(Delivery.EVERYONE) : this.rooms, this.except, text);
	}

	private static Set<String> with(Set<String> names, String name) {
		Set<String> copy = new LinkedHashSet<>(names);
		copy.add(name);
		return Set.copyOf(copy);
	}

}
