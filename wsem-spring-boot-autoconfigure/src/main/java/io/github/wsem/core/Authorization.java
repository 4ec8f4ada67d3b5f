package io.github.wsem.core;

import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Asks a {@link WsemAuthorizer}, refusing when it throws.
 */
final class Authorization {

	private static final Log logger = LogFactory.getLog(Authorization.class);

	private final WsemAuthorizer authorizer;

	Authorization(WsemAuthorizer authorizer) {
		this.authorizer = authorizer;
	}

	boolean connect(Handshake handshake) {
		return decide(() -> this.authorizer.connect(handshake), () -> "the connection of " + handshake.principal());
	}

	boolean register(Client client, String room) {
		return decide(() -> this.authorizer.register(client, room), () -> "room " + room + " of " + client);
	}

	boolean emit(Client client, String event, @Nullable Object data) {
		return decide(() -> this.authorizer.emit(client, event, data), () -> "event " + event + " of " + client);
	}

	boolean send(Client client, Set<String> recipients) {
		return decide(() -> this.authorizer.send(client, recipients), () -> "a direct message of " + client);
	}

	private static boolean decide(BooleanSupplier decision, Supplier<String> subject) {
		try {
			return decision.getAsBoolean();
		}
		catch (RuntimeException ex) {
			logger.error("Authorizer failed on " + subject.get() + ": refused", ex);
			return false;
		}
	}

}
