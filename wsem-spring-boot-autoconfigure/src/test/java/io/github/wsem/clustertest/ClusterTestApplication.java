package io.github.wsem.clustertest;

import io.github.wsem.core.EventManager;
import io.github.wsem.core.WsemListener;
import io.github.wsem.test.ApplicationWithoutSecurity;

import org.springframework.stereotype.Component;

/**
 * The application each node of the cluster tests runs.
 */
@ApplicationWithoutSecurity
public class ClusterTestApplication {

	@Component
	static class Relay {

		private final EventManager events;

		Relay(EventManager events) {
			this.events = events;
		}

		@WsemListener("note")
		Object note(Object note) {
			this.events.emit("note", note);
			return "relayed";
		}

	}

}
