package io.github.wsem.core;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;

/**
 * Holds back the live events of one room for one client while the client's missed
 * events are replayed, then lets through only the events the client does not have.
 * Live events of a room arrive in the history's order, so once one new event passed,
 * every later one is new too and the gate opens for good.
 */
final class LiveGate {

	private @Nullable List<OutboundEvent> held = new ArrayList<>();

	private @Nullable Predicate<OutboundEvent> unseen;

	private boolean open;

	/**
	 * Take a live event.
	 * @return {@code true} if the gate kept or dropped it, {@code false} if it is to
	 * be sent
	 */
	synchronized boolean intercept(OutboundEvent event) {
		if (this.open) {
			return false;
		}
		List<OutboundEvent> held = this.held;
		if (held != null) {
			held.add(event);
			return true;
		}
		Predicate<OutboundEvent> unseen = this.unseen;
		if (unseen == null || unseen.test(event)) {
			this.open = true;
			return false;
		}
		return true;
	}

	/**
	 * Send the held events the client does not have and start filtering.
	 * @return whether the gate is open for good
	 */
	synchronized boolean release(Predicate<OutboundEvent> unseen, ClientSession client) {
		List<OutboundEvent> held = this.held;
		this.held = null;
		this.unseen = unseen;
		if (held != null) {
			for (OutboundEvent event : held) {
				if (this.open || unseen.test(event)) {
					this.open = true;
					client.write(event);
				}
			}
		}
		return this.open;
	}

}
