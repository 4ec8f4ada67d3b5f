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
 * Direct messages between clients, and from the application to clients, with the first
 * answer relayed back to the sender (WSMsgBroker's {@code send} and {@code answer}).
 */
final class DirectMessages {

	static final String MESSAGE_EVENT = "wsem:message";

	static final String SERVER = "server";

	private final AtomicLong replyIds = new AtomicLong();

	private final Map<Long, Pending> pending = new ConcurrentHashMap<>();

	private final Broker broker;

	private final JsonCodec codec;

	private final Duration answerTimeout;

	DirectMessages(Broker broker, JsonCodec codec, Duration answerTimeout) {
		this.broker = broker;
		this.codec = codec;
		this.answerTimeout = answerTimeout;
	}

	/**
	 * Return the ids among the given ones that no client of any node has.
	 */
	Set<String> unknown(Set<String> recipients) {
		return this.broker.unknownClients(recipients);
	}

	/**
	 * Send a message; with {@code expectAnswer} every recipient gets the same reply id,
	 * and the future completes with the first answer or fails with a timeout.
	 */
	@Nullable CompletableFuture<DirectAnswer> send(String from, Set<String> recipients, @Nullable Object message,
			boolean expectAnswer, @Nullable Duration timeout) {
		Long reply = null;
		recipients = Set.copyOf(recipients);
		CompletableFuture<DirectAnswer> answer = null;
		if (expectAnswer) {
			reply = this.broker.replyIdBase() + (this.replyIds.incrementAndGet() & 0xFFFFFFFFL);
			answer = new CompletableFuture<>();
			Long id = reply;
			this.pending.put(id, new Pending(Set.copyOf(recipients), answer));
			Duration wait = (timeout != null) ? timeout : this.answerTimeout;
			answer.orTimeout(wait.toMillis(), TimeUnit.MILLISECONDS)
				.whenComplete((result, failure) -> this.pending.remove(id));
		}
		if (!recipients.isEmpty()) {
			this.broker.sendDirect(recipients, frame(from, message, reply));
		}
		return answer;
	}

	/**
	 * Take an answer of a client of this node; an answer to a request of another node
	 * goes on through the broker.
	 * @return {@code false} if the client was not a recipient of that message
	 */
	boolean answer(ClientSession client, long reply, @Nullable Object message) {
		if (this.pending.containsKey(reply)) {
			return complete(reply, client.id(), message);
		}
		this.broker.answer(reply, client.id(), message);
		return true;
	}

	/**
	 * Complete a request of this node with its first answer.
	 * @return {@code false} if the request is unknown or {@code from} was not a recipient
	 */
	boolean complete(long reply, String from, @Nullable Object message) {
		Pending request = this.pending.get(reply);
		if (request == null || !request.recipients().contains(from)) {
			return false;
		}
		request.answer().complete(new DirectAnswer(from, message));
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
