package io.github.wsem.testapp;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.github.wsem.core.ClientConnectedEvent;
import io.github.wsem.core.ClientDisconnectedEvent;
import io.github.wsem.core.Transport;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Records the ids of the clients whose {@link ClientConnectedEvent} and
 * {@link ClientDisconnectedEvent} were published, without keeping the clients.
 */
@Component
public class ConnectionEvents {

	/** Attribute of a client whose disconnect makes this listener throw. */
	public static final String FAIL_ON_DISCONNECT = "test.fail-on-disconnect";

	private final Map<String, Transport> connected = new ConcurrentHashMap<>();

	private final Map<String, Integer> disconnected = new ConcurrentHashMap<>();

	@EventListener
	void onConnected(ClientConnectedEvent event) {
		this.connected.put(event.getClient().id(), event.getClient().transport());
	}

	@EventListener
	void onDisconnected(ClientDisconnectedEvent event) {
		this.disconnected.put(event.getClient().id(), event.getCloseCode());
		if (event.getClient().attributes().containsKey(FAIL_ON_DISCONNECT)) {
			throw new IllegalStateException("Disconnect listener failed on purpose");
		}
	}

	/**
	 * Return the transports of the connected clients by id.
	 * @return a live view
	 */
	public Map<String, Transport> connected() {
		return this.connected;
	}

	/**
	 * Return the close codes of the disconnected clients by id.
	 * @return a live view
	 */
	public Map<String, Integer> disconnected() {
		return this.disconnected;
	}

}
