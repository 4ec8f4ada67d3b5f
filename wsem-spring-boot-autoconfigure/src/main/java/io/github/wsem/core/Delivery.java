package io.github.wsem.core;

import java.util.Set;

/**
 * One emit on its way to the clients of every node: an already encoded frame and
 * its target.
 *
 * @param rooms the rooms whose members receive the frame
 * @param except the ids of clients left out
 * @param frame the encoded frame, the same text for every recipient
 */
public record Delivery(Set<String> rooms, Set<String> except, String frame) {

	public Delivery {
		rooms = Set.copyOf(rooms);
		except = Set.copyOf(except);
	}

}
