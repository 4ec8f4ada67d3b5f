package io.github.wsem.client;

import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A direct message ({@code wsem:message}) from another client or from the server
 * ({@link #from()} is {@code server}), or a frame that is not a wsem frame (a raw text
 * frame, PROTOCOL.md section 6: {@link #from()} is {@code null}).
 */
public final class DirectMessage {

	private final @Nullable String from;

	private final JsonNode message;

	private final boolean expectsAnswer;

	private final JsonMapper json;

	private final Consumer<@Nullable Object> answerer;

	DirectMessage(@Nullable String from, JsonNode message, boolean expectsAnswer, JsonMapper json,
			Consumer<@Nullable Object> answerer) {
		this.from = from;
		this.message = message;
		this.expectsAnswer = expectsAnswer;
		this.json = json;
		this.answerer = answerer;
	}

	/**
	 * Return the id of the sender, {@code server} for application code, or {@code null}
	 * for a raw frame.
	 * @return the sender
	 */
	public @Nullable String from() {
		return this.from;
	}

	/**
	 * Return the message as a JSON tree; a raw frame is a string node.
	 * @return the message
	 */
	public JsonNode message() {
		return this.message;
	}

	/**
	 * Return the message converted to a type.
	 * @param <T> the type
	 * @param type the type
	 * @return the message
	 * @throws WsemClientException {@code bad_data} if it does not fit the type
	 */
	public <T> @Nullable T message(Class<T> type) {
		try {
			return this.json.treeToValue(this.message, type);
		}
		catch (RuntimeException ex) {
			throw new WsemClientException("bad_data", "The message is no " + type.getName(), this.message, ex);
		}
	}

	/**
	 * Whether the sender waits for an answer.
	 * @return {@code true} if it does
	 */
	public boolean expectsAnswer() {
		return this.expectsAnswer;
	}

	/**
	 * Answer the message; only the first answer is sent, and nothing when the sender does
	 * not wait for one or the connection it came on is gone.
	 * @param answer the answer, written as JSON
	 */
	public void answer(@Nullable Object answer) {
		if (this.expectsAnswer) {
			this.answerer.accept(answer);
		}
	}

	@Override
	public String toString() {
		return "DirectMessage[from=" + this.from + ", message=" + this.message + "]";
	}

}
