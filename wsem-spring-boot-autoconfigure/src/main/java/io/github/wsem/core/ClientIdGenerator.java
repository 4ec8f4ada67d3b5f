package io.github.wsem.core;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * Creates the ids of new clients. The default draws 128 random bits; an application
 * may declare its own bean.
 */
@FunctionalInterface
public interface ClientIdGenerator {

	/**
	 * Return a new id, unique across the cluster and unguessable.
	 * @return the id
	 */
	String generateId();

	/**
	 * Return a generator of 128-bit random ids from a {@link SecureRandom}.
	 * @return the generator
	 */
	static ClientIdGenerator random() {
		SecureRandom random = new SecureRandom();
		Base64.Encoder encoder = Base64.getUrlEncoder().withoutPadding();
		return () -> {
			byte[] bytes = new byte[16];
			random.nextBytes(bytes);
			return encoder.encodeToString(bytes);
		};
	}

}
