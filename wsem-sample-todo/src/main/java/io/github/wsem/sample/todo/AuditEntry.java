package io.github.wsem.sample.todo;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import io.github.wsem.core.Client;

/**
 * The data of an {@code audit} event: who changed what. Only admins may register for the
 * {@code audit} room ({@link SecurityConfiguration}); {@code /audit.html} shows it.
 *
 * @param action {@code added}, {@code updated} or {@code deleted}
 * @param todo the text of the to-do
 * @param by the name of the logged-in user, or {@code anonymous}
 * @param client the id of the client that made the change
 * @param at when it happened
 */
public record AuditEntry(String action, String todo, String by, String client, Instant at) {

	/** The event, and so the room, of the audit feed. */
	static final String ROOM = "audit";

	static AuditEntry of(TodoChange change, Todo todo, Client client) {
		String by = (client.principal() != null) ? client.principal().getName() : "anonymous";
		return new AuditEntry(change.action(), todo.text(), by, client.id(),
				Instant.now().truncatedTo(ChronoUnit.MILLIS));
	}

}
