package io.github.wsem.core;

import java.lang.reflect.Method;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.util.ReflectionUtils;

/**
 * Asks a {@link WsemAuthorizer}, refusing when it throws. A decision the authorizer
 * leaves to the interface's default, which allows, is not asked for.
 */
final class Authorization {

	private static final Log logger = LogFactory.getLog(Authorization.class);

	private final WsemAuthorizer authorizer;

	private final boolean checksConnect;

	private final boolean checksRegister;

	private final boolean checksEmit;

	private final boolean checksSend;

	Authorization(WsemAuthorizer authorizer) {
		this.authorizer = authorizer;
		this.checksConnect = overrides(authorizer, "connect", Handshake.class);
		this.checksRegister = overrides(authorizer, "register", Client.class, String.class);
		this.checksEmit = overrides(authorizer, "emit", Client.class, String.class, Object.class);
		this.checksSend = overrides(authorizer, "send", Client.class, Set.class);
	}

	/**
	 * Whether the authorizer decides on connections, rather than keep the default that
	 * allows every one.
	 */
	boolean checksConnect() {
		return this.checksConnect;
	}

	private static boolean overrides(WsemAuthorizer authorizer, String name, Class<?>... parameterTypes) {
		Method method = ReflectionUtils.findMethod(authorizer.getClass(), name, parameterTypes);
		return method == null || method.getDeclaringClass() != WsemAuthorizer.class;
	}

	boolean connect(Handshake handshake) {
		return decide(() -> this.authorizer.connect(handshake), () -> "the connection of " + handshake.principal());
	}

	boolean register(Client client, String room) {
		if (!this.checksRegister) {
			return true;
		}
		return decide(() -> this.authorizer.register(client, room), () -> "room " + room + " of " + client);
	}

	boolean emit(Client client, String event, @Nullable Object data) {
		if (!this.checksEmit) {
			return true;
		}
		return decide(() -> this.authorizer.emit(client, event, data), () -> "event " + event + " of " + client);
	}

	boolean send(Client client, Set<String> recipients) {
		if (!this.checksSend) {
			return true;
		}
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
