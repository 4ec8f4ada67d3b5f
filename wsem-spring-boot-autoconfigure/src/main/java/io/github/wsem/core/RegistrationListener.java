package io.github.wsem.core;

import java.util.Set;

/**
 * Told about the registrations of one event whenever they change.
 *
 * @see EventManager#addListener(String, RegistrationListener)
 */
@FunctionalInterface
public interface RegistrationListener {

	/**
	 * Called after a client registered for the event or left it.
	 * @param event the event name
	 * @param clientIds the ids of the clients registered now
	 */
	void registrationsChanged(String event, Set<String> clientIds);

}
