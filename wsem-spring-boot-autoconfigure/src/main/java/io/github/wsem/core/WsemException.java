package io.github.wsem.core;

/**
 * Exception a handler throws to answer the calling client with a {@code wsem:error} frame
 * carrying the given code and message. Any other exception thrown by a handler is
 * answered with the generic error {@code internal}.
 */
public class WsemException extends RuntimeException {

	private final String code;

	/**
	 * Create an exception with an application-defined error code.
	 * @param code the code sent to the client, for example {@code invalid}
	 * @param message the message sent to the client
	 */
	public WsemException(String code, String message) {
		super(message);
		this.code = code;
	}

	/**
	 * Create an exception with one of the protocol's error codes.
	 * @param code the code sent to the client
	 * @param message the message sent to the client
	 */
	public WsemException(ErrorCode code, String message) {
		this(code.code(), message);
	}

	/**
	 * Return the code sent to the client.
	 * @return the error code
	 */
	public String getCode() {
		return this.code;
	}

}
