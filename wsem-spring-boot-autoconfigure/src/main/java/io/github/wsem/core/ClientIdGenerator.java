package io.github.wsem.core;

/**
 * Creates the ids of new clients. The default draws 128 random bits; an application may
 * declare its own bean.
 */
@FunctionalInterface
public interface ClientIdGenerator {

	/**
	 * Return a new id, unique across the cluster and unguessable.
	 * @return the id
	 */
	String generateId();

	/**
	 * Return a generator of 128-bit random ids ({@link RandomIds}).
	 * @return the generator
	 */
	static ClientIdGenerator random() {
		return () -> RandomIds.next(16);
	}

}
