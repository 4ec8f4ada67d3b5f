package io.github.wsem.core;

import org.springframework.context.ApplicationEvent;

/**
 * Published when a client's connection has closed and all its registrations are gone.
 * Listen with {@code @EventListener}.
 */
public class ClientDisconnectedEvent extends ApplicationEvent {

	private final int closeCode;

	/**
	 * Create an event.
	 * @param client the client that disconnected
	 * @param closeCode the WebSocket close status code; for SSE 1000, or 1013 for a
	 * stream ended because the client could not keep up
	 */
	public ClientDisconnectedEvent(Client client, int closeCode) {
		super(client);
		this.closeCode = closeCode;
	}

	/**
	 * Return the client that disconnected.
	 * @return the client
	 */
	public Client getClient() {
		return (Client) getSource();
	}

	/**
	 * Return the close status code of the connection.
	 * @return the code
	 */
	public int getCloseCode() {
		return this.closeCode;
	}

}
