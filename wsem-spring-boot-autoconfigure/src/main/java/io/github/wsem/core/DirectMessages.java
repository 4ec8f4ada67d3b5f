package io.github.wsem.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;

/**
 * Direct messages between clients, and from the application to clients, with the
 * first answer relayed back to the sender (WSMsgBroker's {@code send} and
 * {@code answer}).
 */
final class DirectMessages {

	static final String MESSAGE_EVENT = "wsem:message";

	static final String SERVER = "server";

	private final AtomicLong replyIds = new AtomicLong();

	private final Map<Long, Pending> pending = new ConcurrentHashMap<>();

	private final RoomRegistry registry;

	private final JsonCodec codec;

	private final Duration answerTimeout;

	DirectMessages(RoomRegistry registry, JsonCodec codec, Duration answerTimeout) {
		this.registry = registry;
		this.codec = codec;
		this.answerTimeout = answerTimeout;
	}

	/**
	 * Return the ids among the given ones that no connected client has.
	 */
	Set<String> unknown(Set<String> recipients) {
		Set<String> unknown = new LinkedHashSet<>();
		for (String id : recipients) {
			if (this.registry.client(id) == null) {
				unknown.add(id);
			}
		}
		return unknown;
	}

	/**
	 * Send a message; with {@code expectAnswer} every recipient gets the same reply
	 * id, and the future completes with the first answer or fails with a timeout.
	 */
	@Nullable CompletableFuture<DirectAnswer> send(String from, Set<String> recipients, @Nullable Object message,
			boolean expectAnswer, @Nullable Duration timeout) {
		Long reply = null;
		CompletableFuture<DirectAnswer> answer = null;
		if (expectAnswer) {
			reply = this.replyIds.incrementAndGet();
			answer = new CompletableFuture<>();
			Long id = reply;
			this.pending.put(id, new Pending(Set.copyOf(recipients), answer));
			Duration wait = (timeout != null) ? timeout : this.answerTimeout;
			answer.orTimeout(wait.toMillis(), TimeUnit.MILLISECONDS)
				.whenComplete((result, failure) -> this.pending.remove(id));
		}
		String frame = frame(from, message, reply);
		for (String id : recipients) {
			for (ClientSession client : this.registry.sessions(id)) {
				client.sendText(frame);
			}
		}
		return answer;
	}

	/**
	 * Take an answer of a client.
	 * @return {@code false} if the client was not a recipient of that message
	 */
	boolean answer(ClientSession client, long reply, @Nullable Object message) {
		Pending request = this.pending.get(reply);
		if (request == null) {
			return true;
		}
		if (!request.recipients().contains(client.id())) {
			return false;
		}
		request.answer().complete(new DirectAnswer(client.id(), message));
		return true;
	}

	private String frame(String from, @Nullable Object message, @Nullable Long reply) {
		Map<String, Object> data = new LinkedHashMap<>(4);
		data.put("from", from);
		data.put("message", message);
		if (reply != null) {
			data.put("reply", reply);
		}
		return this.codec.encodeFrame(MESSAGE_EVENT, data, null, null);
	}

	static @Nullable Set<String> readRecipients(@Nullable Object to) {
		if (to instanceof String id) {
			return new LinkedHashSet<>(List.of(id));
		}
		if (to instanceof List<?> list && !list.isEmpty()) {
			List<String> ids = new ArrayList<>(list.size());
			for (Object item : list) {
				if (!(item instanceof String id)) {
					return null;
				}
				ids.add(id);
			}
			return new LinkedHashSet<>(ids);
		}
		return null;
	}

	private record Pending(Set<String> recipients, CompletableFuture<DirectAnswer> answer) {
	}

}
