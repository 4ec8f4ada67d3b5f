package io.github.wsem.client;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A failure reported by a {@link WsemClient}: a {@code wsem:error} of the server (whose
 * code is the protocol's, for example {@code forbidden} or {@code recovery_incomplete}),
 * or one of the client's own codes:
 * <ul>
 * <li>{@code transport}: a connection could not be opened or failed;</li>
 * <li>{@code bad_frame}: a frame from the server could not be read;</li>
 * <li>{@code bad_data}: data could not be converted to the type a listener or a request
 * asked for;</li>
 * <li>{@code listener}: a listener threw;</li>
 * <li>{@code timeout}: no answer came in time;</li>
 * <li>{@code disconnected}: the connection was lost before the answer came;</li>
 * <li>{@code closed}: the client was closed.</li>
 * </ul>
 */
public class WsemClientException extends RuntimeException {

	private final String code;

	private final @Nullable JsonNode data;

	/**
	 * Create an exception.
	 * @param code the error code
	 * @param message the message
	 * @param data the data of the server's {@code wsem:error}, or {@code null}
	 * @param cause the cause, or {@code null}
	 */
	public WsemClientException(String code, String message, @Nullable JsonNode data, @Nullable Throwable cause) {
		super(message, cause);
		this.code = code;
		this.data = data;
	}

	WsemClientException(String code, String message) {
		this(code, message, null, null);
	}

	/**
	 * Return the error code.
	 * @return the code
	 */
	public String code() {
		return this.code;
	}

	/**
	 * Return the data of the server's {@code wsem:error} (for example {@code rooms} of
	 * {@code forbidden}), or {@code null}.
	 * @return the data
	 */
	public @Nullable JsonNode data() {
		return this.data;
	}

	@Override
	public String toString() {
		return "WsemClientException[" + this.code + "]: " + getMessage();
	}

}
