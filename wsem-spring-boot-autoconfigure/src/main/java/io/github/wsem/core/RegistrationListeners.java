package io.github.wsem.core;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * The {@link RegistrationListener}s of each event. The members of a room are read only
 * when the room has listeners.
 */
final class RegistrationListeners {

	private static final Log logger = LogFactory.getLog(RegistrationListeners.class);

	private final Map<String, List<RegistrationListener>> listeners = new ConcurrentHashMap<>();

	void add(String event, RegistrationListener listener) {
		this.listeners.computeIfAbsent(event, (name) -> new CopyOnWriteArrayList<>()).add(listener);
	}

	void remove(String event, RegistrationListener listener) {
		this.listeners.computeIfPresent(event, (name, list) -> {
			list.remove(listener);
			return list.isEmpty() ? null : list;
		});
	}

	Set<String> rooms() {
		return Set.copyOf(this.listeners.keySet());
	}

	/**
	 * Tell the listeners of a room its members, unless they cannot be known now; one that
	 * throws is logged.
	 */
	void changed(String room, Supplier<@Nullable Set<String>> members) {
		List<RegistrationListener> list = this.listeners.get(room);
		if (list == null) {
			return;
		}
		Set<String> ids = members.get();
		if (ids == null) {
			return;
		}
		for (RegistrationListener listener : list) {
			try {
				listener.registrationsChanged(room, ids);
			}
			catch (RuntimeException ex) {
				logger.error("Registration listener of " + room + " failed", ex);
			}
		}
	}

}
