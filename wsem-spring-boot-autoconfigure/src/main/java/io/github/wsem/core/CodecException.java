package io.github.wsem.core;

/**
 * Thrown by a {@link JsonCodec} when JSON cannot be read or written.
 */
public class CodecException extends RuntimeException {

	/**
	 * Create an exception.
	 * @param message the message
	 * @param cause the codec's own exception
	 */
	public CodecException(String message, Throwable cause) {
		super(message, cause);
	}

}
