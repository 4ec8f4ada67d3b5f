package io.github.wsem.test;

import java.util.List;
import java.util.Map;

import io.github.wsem.core.EventManager;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A {@link ResumeDrill.Connection} over WebSocket that registers for a room with
 * {@code since}, and moves to the next of its nodes at every drop.
 */
public final class WebSocketResumer implements ResumeDrill.Connection {

	private final List<Node> nodes;

	private final int current;

	private final String room;

	private final TestClient client;

	private @Nullable String lastId;

	private WebSocketResumer(List<Node> nodes, int current, String room, @Nullable String lastId) {
		this.nodes = nodes;
		this.current = current;
		this.room = room;
		this.lastId = lastId;
		this.client = nodes.get(current).clients().connect();
	}

	/**
	 * Connect to the first node and register for the room.
	 * @param room the room of the drill's events
	 * @param nodes the nodes to connect to in turn
	 * @return the first connection
	 */
	public static WebSocketResumer start(String room, Node... nodes) {
		WebSocketResumer first = new WebSocketResumer(List.of(nodes), 0, room, null);
		first.client.register(room);
		return first;
	}

	@Override
	public @Nullable Integer next() {
		JsonNode frame;
		try {
			frame = this.client.next();
		}
		catch (AssertionError ex) {
			if (!this.client.isOpen()) {
				return null;
			}
			throw ex;
		}
		String event = frame.path("event").asString();
		if (this.room.equals(event)) {
			this.lastId = frame.path("id").asString();
			return frame.path("data").asInt();
		}
		if (!"wsem:ack".equals(event)) {
			throw new AssertionError("Unexpected frame " + frame);
		}
		return null;
	}

	@Override
	public boolean isOpen() {
		return this.client.isOpen();
	}

	@Override
	public ResumeDrill.Connection dropAndResume() {
		this.nodes.get(this.current).events().clients().find(this.client.id()).ifPresent((server) -> server.close());
		this.client.awaitClose();
		WebSocketResumer next = new WebSocketResumer(this.nodes, (this.current + 1) % this.nodes.size(), this.room,
				this.lastId);
		next.client.send("wsem:register", (this.lastId != null)
				? Map.of("events", List.of(this.room), "since", this.lastId) : Map.of("events", List.of(this.room)),
				1L);
		return next;
	}

	@Override
	public void close() {
		this.client.close();
	}

	/**
	 * A node of the drill: where clients connect, and its event manager, which drops
	 * them.
	 *
	 * @param clients connects clients to the node
	 * @param events the node's event manager
	 */
	public record Node(TestClients clients, EventManager events) {
	}

}
