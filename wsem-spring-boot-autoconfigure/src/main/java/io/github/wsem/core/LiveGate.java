package io.github.wsem.core;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;

/**
 * Holds back the live events of one room for one client while the client's missed events
 * are replayed, then lets through only the events the client does not have. Live events
 * of a room arrive in the history's order, so once one new event passed, every later one
 * is new too, except those a {@link EventHistory.LiveFilter} names (events the client got
 * ahead of the history): the gate applies it until it is done, then opens for good.
 */
final class LiveGate {

	private @Nullable List<OutboundEvent> held = new ArrayList<>();

	private @Nullable Predicate<OutboundEvent> unseen;

	private EventHistory.@Nullable LiveFilter filter;

	private boolean passed;

	private volatile boolean open;

	/**
	 * Take a live event.
	 * @return the event to send, or {@code null} if the gate kept or dropped it
	 */
	synchronized @Nullable OutboundEvent intercept(OutboundEvent event) {
		List<OutboundEvent> held = this.held;
		if (held != null) {
			held.add(event);
			return null;
		}
		return pass(event);
	}

	/**
	 * Whether the gate lets every event through from now on.
	 */
	boolean isOpen() {
		return this.open;
	}

	/**
	 * Send the held events the client does not have and start filtering.
	 * @return whether the gate is open for good
	 */
	synchronized boolean release(Predicate<OutboundEvent> unseen, EventHistory.@Nullable LiveFilter filter,
			ClientSession client) {
		List<OutboundEvent> held = this.held;
		this.held = null;
		this.unseen = unseen;
		this.filter = filter;
		if (held != null) {
			for (OutboundEvent event : held) {
				OutboundEvent passed = pass(event);
				if (passed != null) {
					client.write(passed);
				}
			}
		}
		if (this.passed && this.filter == null) {
			this.open = true;
		}
		return this.open;
	}

	/**
	 * Whether the filter says the client has a node's emits up to a number.
	 */
	synchronized boolean has(String origin, long number) {
		EventHistory.LiveFilter filter = this.filter;
		return filter != null && filter.has(origin, number);
	}

	private @Nullable OutboundEvent pass(OutboundEvent event) {
		if (!this.passed) {
			Predicate<OutboundEvent> unseen = this.unseen;
			if (unseen != null && !unseen.test(event)) {
				return null;
			}
			this.passed = true;
		}
		EventHistory.LiveFilter filter = this.filter;
		if (filter == null) {
			this.open = true;
			return event;
		}
		OutboundEvent passed = filter.apply(event);
		if (filter.done()) {
			this.filter = null;
			this.open = true;
		}
		return passed;
	}

}
