package io.github.wsem.core;

import java.util.Locale;

/**
 * Error codes of the wire protocol, sent to clients in {@code wsem:error} frames.
 */
public enum ErrorCode {

	BAD_FRAME, BAD_EVENT_NAME, RESERVED_EVENT, NO_HANDLER, FORBIDDEN, UNKNOWN_CLIENT, TIMEOUT, TOO_LARGE, RATE_LIMITED,
	TOO_MANY_ROOMS, RECOVERY_INCOMPLETE, INTERNAL, INVALID_ID, ID_TAKEN;

	private final String code = name().toLowerCase(Locale.ROOT);

	/**
	 * Return the code as written on the wire, for example {@code bad_frame}.
	 * @return the wire code
	 */
	public String code() {
		return this.code;
	}

	/**
	 * Whether an error with this code counts towards {@code wsem.max-errors-per-minute}.
	 * @return {@code true} for errors caused by a misbehaving client
	 */
	boolean countsAsAbuse() {
		return this == BAD_FRAME || this == BAD_EVENT_NAME || this == RESERVED_EVENT || this == NO_HANDLER
				|| this == TOO_LARGE;
	}

}
