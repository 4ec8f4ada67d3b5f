package io.github.wsem.core;

import org.springframework.context.ApplicationEvent;

/**
 * Published when the application context begins to close, before wsem closes its
 * clients (WebSocket status 1001) and its endpoints, as node-websocket-server's
 * {@code shutdown} event. The clients are still connected: a listener may still
 * emit to them. Handle it with {@code @EventListener}.
 */
public class WsemShutdownEvent extends ApplicationEvent {

	/**
	 * Create an event.
	 * @param eventManager the event manager that shuts down
	 */
	public WsemShutdownEvent(EventManager eventManager) {
		super(eventManager);
	}

	/**
	 * Return the event manager that shuts down.
	 * @return the event manager
	 */
	public EventManager getEventManager() {
		return (EventManager) getSource();
	}

}
