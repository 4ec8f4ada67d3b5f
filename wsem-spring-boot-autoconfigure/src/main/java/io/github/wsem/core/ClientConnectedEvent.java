package io.github.wsem.core;

import org.springframework.context.ApplicationEvent;

/**
 * Published when a client has connected and received its welcome frame. Listen with
 * {@code @EventListener}; the listener runs on the connecting thread.
 */
public class ClientConnectedEvent extends ApplicationEvent {

	/**
	 * Create an event.
	 * @param client the client that connected
	 */
	public ClientConnectedEvent(Client client) {
		super(client);
	}

	/**
	 * Return the client that connected.
	 * @return the client
	 */
	public Client getClient() {
		return (Client) getSource();
	}

}
