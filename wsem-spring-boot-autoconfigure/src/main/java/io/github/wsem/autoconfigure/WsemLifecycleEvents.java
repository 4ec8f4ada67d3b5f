package io.github.wsem.autoconfigure;

import io.github.wsem.core.EventManager;
import io.github.wsem.core.WsemListeningEvent;
import io.github.wsem.core.WsemShutdownEvent;

import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextClosedEvent;

/**
 * Publishes {@link WsemListeningEvent} when the application's web server has started
 * (not a management server on its own port) and {@link WsemShutdownEvent} when the
 * context begins to close, before its lifecycle beans (wsem's endpoints) stop.
 */
final class WsemLifecycleEvents implements ApplicationListener<ApplicationEvent> {

	private final ApplicationContext context;

	private final EventManager eventManager;

	WsemLifecycleEvents(ApplicationContext context, EventManager eventManager) {
		this.context = context;
		this.eventManager = eventManager;
	}

	@Override
	public void onApplicationEvent(ApplicationEvent event) {
		if (event instanceof WebServerInitializedEvent started && started.getApplicationContext() == this.context
				&& started.getApplicationContext().getServerNamespace() == null) {
			this.context.publishEvent(new WsemListeningEvent(this.eventManager, started.getWebServer().getPort()));
		}
		else if (event instanceof ContextClosedEvent closed && closed.getApplicationContext() == this.context) {
			this.context.publishEvent(new WsemShutdownEvent(this.eventManager));
		}
	}

}
