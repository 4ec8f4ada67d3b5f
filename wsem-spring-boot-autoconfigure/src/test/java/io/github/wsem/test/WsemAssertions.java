package io.github.wsem.test;

import java.util.UUID;

import io.github.wsem.core.EventManager;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Assertions on a connection's state, made deterministic by round trips instead of
 * waiting for something not to happen.
 */
public final class WsemAssertions {

	private WsemAssertions() {
	}

	/**
	 * Assert that the client's connection still works: it registers for a new room with
	 * an ack, and then receives an event emitted to that room.
	 * @param client the client
	 * @param eventManager the server's event manager
	 */
	public static void assertStillWorks(TestClient client, EventManager eventManager) {
		assertThat(client.isOpen()).as("open").isTrue();
		String room = "probe-" + UUID.randomUUID();
		client.register(room);
		eventManager.emit(room, "ping");
		JsonNode frame = client.next();
		assertThat(frame.path("event").asString()).isEqualTo(room);
		assertThat(frame.path("data").asString()).isEqualTo("ping");
	}

	/**
	 * Assert that the client has received nothing since its last frame taken: the server
	 * sends it a marker, and the marker must be the next frame.
	 * @param client the client
	 * @param eventManager the server's event manager
	 */
	public static void assertReceivedNothing(TestClient client, EventManager eventManager) {
		String marker = "marker-" + UUID.randomUUID();
		eventManager.clients().find(client.id()).orElseThrow().send(marker, null);
		assertThat(client.next().path("event").asString()).as("the next frame").isEqualTo(marker);
	}

}
