package io.github.wsem.core;

import java.security.Principal;

import org.jspecify.annotations.Nullable;

/**
 * The default {@link ClientIdResolver}: a random id, or the principal's name, and the
 * id the client asked for only when chosen ids are allowed.
 */
public final class DefaultClientIdResolver implements ClientIdResolver {

	private final ClientIdGenerator generator;

	private final boolean principalIds;

	private final boolean allowChosenIds;

	/**
	 * Create a resolver.
	 * @param generator the generator of random ids
	 * @param principalIds whether an authenticated client's id is its principal's name
	 * @param allowChosenIds whether a client may ask for its id
	 */
	public DefaultClientIdResolver(ClientIdGenerator generator, boolean principalIds, boolean allowChosenIds) {
		this.generator = generator;
		this.principalIds = principalIds;
		this.allowChosenIds = allowChosenIds;
	}

	@Override
	public String resolveId(@Nullable Principal principal, @Nullable String requestedId) {
		if (this.principalIds && principal != null) {
			return principal.getName();
		}
		if (requestedId != null) {
			if (!this.allowChosenIds) {
				throw new WsemException(ErrorCode.FORBIDDEN, "Clients may not choose their id");
			}
			if (!EventNames.isValid(requestedId) || EventNames.isReserved(requestedId)
					|| DirectMessages.SERVER.equals(requestedId)) {
				throw new WsemException(ErrorCode.FORBIDDEN, "Invalid client id");
			}
			return requestedId;
		}
		return this.generator.generateId();
	}

}
