package io.github.wsem.core;

import org.springframework.context.ApplicationEvent;

/**
 * Published once wsem's endpoints accept connections (the web server is listening),
 * as web-socket-server's {@code listening} event. Handle it with
 * {@code @EventListener}.
 */
public class WsemListeningEvent extends ApplicationEvent {

	private final int port;

	/**
	 * Create an event.
	 * @param eventManager the event manager whose endpoints are ready
	 * @param port the port the web server listens on
	 */
	public WsemListeningEvent(EventManager eventManager, int port) {
		super(eventManager);
		this.port = port;
	}

	/**
	 * Return the event manager whose endpoints are ready.
	 * @return the event manager
	 */
	public EventManager getEventManager() {
		return (EventManager) getSource();
	}

	/**
	 * Return the port the web server listens on.
	 * @return the port
	 */
	public int getPort() {
		return this.port;
	}

}
