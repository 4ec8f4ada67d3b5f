package io.github.wsem.core;

import java.security.Principal;

import org.jspecify.annotations.Nullable;

/**
 * The default {@link ClientIdResolver}: a random id, or the principal's name, and the id
 * the client asked for only when chosen ids are allowed.
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
			String name = principal.getName();
			if (!isAllowed(name)) {
				throw new WsemException(ErrorCode.FORBIDDEN, "The user name cannot be a client id: it is reserved");
			}
			return name;
		}
		if (requestedId != null) {
			if (!this.allowChosenIds) {
				throw new WsemException(ErrorCode.FORBIDDEN, "Clients may not choose their id");
			}
			if (!isAllowed(requestedId)) {
				throw new WsemException(ErrorCode.FORBIDDEN, "Invalid client id");
			}
			return requestedId;
		}
		return this.generator.generateId();
	}

	/**
	 * Whether an id may be given to a client: a valid name that is not reserved
	 * ({@code wsem:...}, or {@code server}, the sender of the application's direct
	 * messages).
	 * @param id the id
	 * @return {@code true} if it may
	 */
	static boolean isAllowed(@Nullable String id) {
		return id != null && EventNames.isValid(id) && !EventNames.isReserved(id) && !DirectMessages.SERVER.equals(id);
	}

}
