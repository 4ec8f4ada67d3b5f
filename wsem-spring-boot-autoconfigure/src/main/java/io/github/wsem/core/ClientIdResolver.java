package io.github.wsem.core;

import java.security.Principal;

import org.jspecify.annotations.Nullable;

/**
 * Decides the id of a connecting client. The default follows {@code wsem.client-id} and
 * {@code wsem.allow-chosen-ids}; an application may declare its own bean.
 */
@FunctionalInterface
public interface ClientIdResolver {

	/**
	 * Return the id of a new client.
	 * @param principal the authenticated user, or {@code null}
	 * @param requestedId the id the client asked for (query parameter {@code id}), or
	 * {@code null}
	 * @return the id
	 * @throws WsemException with code {@code forbidden} to refuse the connection
	 */
	String resolveId(@Nullable Principal principal, @Nullable String requestedId);

}
