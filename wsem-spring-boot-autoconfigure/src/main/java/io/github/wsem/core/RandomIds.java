package io.github.wsem.core;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * Random ids from a {@link SecureRandom}, URL-safe Base64 without padding: client ids,
 * SSE tokens, history epochs.
 */
public final class RandomIds {

	private static final SecureRandom random = new SecureRandom();

	private static final Base64.Encoder encoder = Base64.getUrlEncoder().withoutPadding();

	private RandomIds() {
	}

	/**
	 * Return a new random id.
	 * @param bytes how many random bytes it holds (16 for 128 bits)
	 * @return the id, 4/3 as many characters
	 */
	public static String next(int bytes) {
		byte[] value = new byte[bytes];
		random.nextBytes(value);
		return encoder.encodeToString(value);
	}

}
