package io.github.wsem.core;

import java.util.Set;

/**
 * One emit on its way to the clients of every node: an already encoded frame and its
 * target.
 *
 * @param rooms the rooms whose members receive the frame
 * @param except the ids of clients left out
 * @param event the encoded event, the same for every recipient
 */
public record Delivery(Set<String> rooms, Set<String> except, OutboundEvent event) {

	/** The room that stands for every client. */
	public static final String EVERYONE = "*";

	public Delivery {
		rooms = Set.copyOf(rooms);
		except = Set.copyOf(except);
	}

}
