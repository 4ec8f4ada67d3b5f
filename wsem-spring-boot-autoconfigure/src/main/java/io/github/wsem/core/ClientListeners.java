package io.github.wsem.core;

import java.util.List;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The application's {@link ClientListener}s, called in order; one that throws is logged
 * and the others are still called.
 */
final class ClientListeners {

	private static final Log logger = LogFactory.getLog(ClientListeners.class);

	private volatile List<ClientListener> listeners = List.of();

	void set(List<ClientListener> listeners) {
		this.listeners = List.copyOf(listeners);
	}

	boolean isEmpty() {
		return this.listeners.isEmpty();
	}

	void call(ClientSession client, Consumer<ClientListener> call) {
		for (ClientListener listener : this.listeners) {
			try {
				call.accept(listener);
			}
			catch (RuntimeException ex) {
				logger.error("Client listener failed for " + client, ex);
			}
		}
	}

}
