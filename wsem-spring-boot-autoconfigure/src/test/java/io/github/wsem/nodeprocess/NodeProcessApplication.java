package io.github.wsem.nodeprocess;

import io.github.wsem.broker.redis.RedisBroker;
import io.github.wsem.core.EventManager;
import io.github.wsem.core.WsemListener;
import io.github.wsem.test.ApplicationWithoutSecurity;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.stereotype.Component;

/**
 * A minimal wsem node in a JVM of its own, so that a test can kill its process: it prints
 * its port and node id on its standard output, and exits when the JVM that started it
 * ends.
 */
@ApplicationWithoutSecurity
public class NodeProcessApplication {

	/** The line the node prints once it listens, followed by its port. */
	public static final String PORT = "wsem-node-port=";

	/** The line the node prints once it listens, followed by its node id. */
	public static final String NODE_ID = "wsem-node-id=";

	public static void main(String[] args) {
		ProcessHandle.current()
			.parent()
			.ifPresent((parent) -> parent.onExit().thenRun(() -> Runtime.getRuntime().halt(1)));
		ConfigurableApplicationContext context = new SpringApplicationBuilder(NodeProcessApplication.class).run(args);
		System.out.println(PORT + context.getEnvironment().getProperty("local.server.port"));
		System.out.println(NODE_ID + context.getBean(RedisBroker.class).nodeId());
		System.out.flush();
	}

	/**
	 * Emits {@code 0, 1, 2, ...} as event {@code n} to the room a client names in a
	 * {@code drill-publish} frame, about 100 per second, until the process ends.
	 */
	@Component
	static class Publisher {

		private final EventManager events;

		Publisher(EventManager events) {
			this.events = events;
		}

		@WsemListener("drill-publish")
		Object publish(String room) {
			Thread publisher = new Thread(() -> {
				for (int n = 0;; n++) {
					this.events.to(room).emit("n", n);
					try {
						Thread.sleep(10);
					}
					catch (InterruptedException ex) {
						return;
					}
				}
			}, "drill-publisher");
			publisher.setDaemon(true);
			publisher.start();
			return "started";
		}

	}

}
