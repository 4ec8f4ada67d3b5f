package io.github.wsem.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Reads one inbound frame of a client and acts on it: register, unregister, or run the
 * event's handlers. Every frame with an ack is answered exactly once.
 */
final class FrameDispatcher {

	private static final Log logger = LogFactory.getLog(FrameDispatcher.class);

	private static final long MAX_ACK = (1L << 53) - 1;

	static final String MESSAGE_EVENT = "message";

	static final String SEND_EVENT = "wsem:send";

	static final String ANSWER_EVENT = "wsem:answer";

	static final String ID_EVENT = "wsem:id";

	private static final String ACK_EVENT = "wsem:ack";

	private final DefaultClientHub manager;

	private final EventHandlers handlers;

	private final JsonCodec codec;

	private final ProtocolSettings settings;

	private final DirectMessages direct;

	private final Authorization authorization;

	private final @Nullable FrameTemplate oneRoomAck;

	FrameDispatcher(DefaultClientHub manager, EventHandlers handlers, DirectMessages direct, JsonCodec codec,
			ProtocolSettings settings, Authorization authorization) {
		this.manager = manager;
		this.authorization = authorization;
		this.handlers = handlers;
		this.direct = direct;
		this.codec = codec;
		this.settings = settings;
		this.oneRoomAck = FrameTemplate.encode(codec, ACK_EVENT, Map.of("rooms", List.of(FrameTemplate.STRING_SLOT)),
				FrameTemplate.NUMBER_SLOT, Long.class, String.class);
	}

	/**
	 * @return whether the frame carries a valid ack, so that an answer will follow
	 */
	boolean dispatch(ClientSession client, String text, Consumer<String> reply) {
		Object decoded;
		try {
			decoded = this.codec.decode(text);
		}
		catch (CodecException ex) {
			decoded = null;
		}
		if (!client.allowFrame()) {
			Long ack = (decoded instanceof Map<?, ?> map) ? readAck(map.get("ack")) : null;
			reply.accept(errorFrame(ErrorCode.RATE_LIMITED.code(), "Too many frames: slow down", ack));
			return ack != null;
		}
		if (!(decoded instanceof Map<?, ?> frame)) {
			if (this.settings.receivesPlainText() || this.handlers.has(MESSAGE_EVENT)) {
				if (!this.authorization.emit(client, MESSAGE_EVENT, text)) {
					forbidden(reply, "Not allowed to emit " + MESSAGE_EVENT, null);
				}
				else {
					invokeHandlers(client, MESSAGE_EVENT, text, null, reply);
				}
			}
			else {
				fail(client, reply, ErrorCode.BAD_FRAME, "A frame must be one JSON object", null);
			}
			return false;
		}
		Long ack = null;
		if (frame.containsKey("ack")) {
			ack = readAck(frame.get("ack"));
			if (ack == null) {
				fail(client, reply, ErrorCode.BAD_FRAME, "ack must be an integer from 1 to 2^53-1", null);
				return false;
			}
		}
		if (!(frame.get("event") instanceof String event)) {
			fail(client, reply, ErrorCode.BAD_FRAME, "event is missing or not a string", ack);
			return ack != null;
		}
		if (!EventNames.isValid(event)) {
			fail(client, reply, ErrorCode.BAD_EVENT_NAME, "Invalid event name", ack);
			return ack != null;
		}
		Object data = frame.get("data");
		if (event.equals(this.settings.registerEventName())) {
			changeRooms(client, data, ack, reply, true);
		}
		else if (event.equals(this.settings.unregisterEventName())) {
			changeRooms(client, data, ack, reply, false);
		}
		else if (event.equals(SEND_EVENT)) {
			send(client, data, ack, reply);
		}
		else if (event.equals(ANSWER_EVENT)) {
			answer(client, data, ack, reply);
		}
		else if (event.equals(ID_EVENT)) {
			changeId(client, data, ack, reply);
		}
		else if (EventNames.isReserved(event)) {
			fail(client, reply, ErrorCode.RESERVED_EVENT, "Event " + event + " is reserved", ack);
		}
		else if (!this.authorization.emit(client, event, data)) {
			forbidden(reply, "Not allowed to emit " + event, ack);
		}
		else if (!this.handlers.has(event)) {
			if (ack != null) {
				fail(client, reply, ErrorCode.NO_HANDLER, "No handler for event " + event, ack);
			}
		}
		else {
			invokeHandlers(client, event, data, ack, reply);
		}
		return ack != null;
	}

	/**
	 * Answer a frame with a protocol error; close a client that is over its error budget.
	 */
	void fail(ClientSession client, Consumer<String> reply, ErrorCode code, String message, @Nullable Long ack) {
		reply.accept(errorFrame(code.code(), message, ack));
		if (code.countsAsAbuse() && client.errors.record(System.nanoTime(), this.settings.maxErrorsPerMinute())) {
			logger.debug("Closing " + client + ": too many bad frames");
			client.closing(1008, "Too many bad frames");
		}
	}

	private void changeRooms(ClientSession client, @Nullable Object data, @Nullable Long ack, Consumer<String> reply,
			boolean join) {
		List<String> rooms = readRooms((data instanceof Map<?, ?> map) ? map.get("events") : data);
		Map<String, String> since = (data instanceof Map<?, ?> map && rooms != null)
				? readSince(map.get("since"), rooms) : Map.of();
		if (rooms == null || since == null) {
			fail(client, reply, ErrorCode.BAD_FRAME,
					"data must be a room name, an array of names, or {\"events\":[...],\"since\":...}", ack);
			return;
		}
		for (String room : rooms) {
			if (!EventNames.isValid(room) || Delivery.EVERYONE.equals(room)) {
				fail(client, reply, ErrorCode.BAD_EVENT_NAME, "Invalid room name", ack);
				return;
			}
		}
		List<String> refused = join ? refusedRooms(client, rooms) : List.of();
		if (!refused.isEmpty()) {
			rooms = rooms.stream().filter((room) -> !refused.contains(room)).toList();
		}
		if (join) {
			if (client.rooms.size() + added(client, rooms) > this.settings.maxRoomsPerClient()) {
				fail(client, reply, ErrorCode.TOO_MANY_ROOMS,
						"At most " + this.settings.maxRoomsPerClient() + " rooms per client", ack);
				return;
			}
			List<String> incomplete = List.of();
			for (String room : rooms) {
				if (this.manager.resume(client, room, since.get(room))) {
					if (incomplete.isEmpty()) {
						incomplete = new ArrayList<>();
					}
					incomplete.add(room);
				}
			}
			for (String room : incomplete) {
				reply.accept(errorFrame(ErrorCode.RECOVERY_INCOMPLETE.code(),
						"Some events of " + room + " are no longer kept", null, Map.of("room", room)));
			}
		}
		else {
			rooms.forEach((room) -> this.manager.leave(client, room));
		}
		if (!refused.isEmpty()) {
			reply.accept(errorFrame(ErrorCode.FORBIDDEN.code(),
					"Not allowed to register for " + String.join(", ", refused), ack, Map.of("rooms", refused)));
		}
		else if (ack != null) {
			reply.accept(roomsAck(client, ack));
		}
	}

	/**
	 * The ack of a register or unregister: the client's rooms, in order; from the
	 * template when there is one room.
	 */
	private String roomsAck(ClientSession client, long ack) {
		Object[] rooms = client.rooms.toArray();
		FrameTemplate template = this.oneRoomAck;
		if (rooms.length == 1 && template != null) {
			this.manager.metrics().ackSent();
			return template.render(ack, rooms[0]);
		}
		Set<Object> sorted = new TreeSet<>(Arrays.asList(rooms));
		return ackFrame(Map.of("rooms", sorted), ack);
	}

	private List<String> refusedRooms(ClientSession client, List<String> rooms) {
		if (rooms.size() == 1) {
			return this.authorization.register(client, rooms.get(0)) ? List.of() : rooms;
		}
		return rooms.stream().distinct().filter((room) -> !this.authorization.register(client, room)).toList();
	}

	/**
	 * Return how many of the rooms the client is not in yet.
	 */
	private static long added(ClientSession client, List<String> rooms) {
		if (rooms.size() == 1) {
			return client.rooms.contains(rooms.get(0)) ? 0 : 1;
		}
		return rooms.stream().distinct().filter((room) -> !client.rooms.contains(room)).count();
	}

	private void send(ClientSession client, @Nullable Object data, @Nullable Long ack, Consumer<String> reply) {
		Set<String> recipients = (data instanceof Map<?, ?> map) ? DirectMessages.readRecipients(map.get("to")) : null;
		if (recipients == null) {
			fail(client, reply, ErrorCode.BAD_FRAME, "data must be {\"to\": id or [ids], \"message\": ...}", ack);
			return;
		}
		if (recipients.size() > this.settings.maxRecipients()) {
			fail(client, reply, ErrorCode.BAD_FRAME,
					"At most " + this.settings.maxRecipients() + " recipients per message", ack);
			return;
		}
		if (!this.authorization.send(client, Collections.unmodifiableSet(recipients))) {
			forbidden(reply, "Not allowed to send to these clients", ack);
			return;
		}
		Object message = ((Map<?, ?>) data).get("message");
		Set<String> unknown = this.direct.unknown(recipients);
		if (ack == null || !unknown.isEmpty()) {
			recipients.removeAll(unknown);
			this.direct.send(client.id(), recipients, message, false, null);
			if (ack != null) {
				reply.accept(errorFrame(ErrorCode.UNKNOWN_CLIENT.code(), "Unknown clients", ack,
						Map.of("clients", unknown)));
			}
			return;
		}
		CompletableFuture<DirectAnswer> answer = this.direct.send(client.id(), recipients, message, true, null);
		answer.whenComplete((result, failure) -> {
			if (result != null) {
				Map<String, Object> answerData = new LinkedHashMap<>(4);
				answerData.put("from", result.from());
				answerData.put("message", result.message());
				reply.accept(ackFrame(answerData, ack));
			}
			else {
				reply.accept(errorFrame(ErrorCode.TIMEOUT.code(), "No answer in time", ack));
			}
		});
	}

	private void answer(ClientSession client, @Nullable Object data, @Nullable Long ack, Consumer<String> reply) {
		Long replyId = (data instanceof Map<?, ?> map) ? readAck(map.get("reply")) : null;
		if (replyId == null) {
			fail(client, reply, ErrorCode.BAD_FRAME, "data must be {\"reply\": id, \"message\": ...}", ack);
			return;
		}
		if (!this.direct.answer(client, replyId, ((Map<?, ?>) data).get("message"))) {
			reply.accept(errorFrame(ErrorCode.FORBIDDEN.code(), "That message was not sent to you", ack));
		}
		else if (ack != null) {
			reply.accept(ackFrame(null, ack));
		}
	}

	/**
	 * Give up the client's id for a new random one ({@code data} absent or null), or take
	 * the id {@code data} names, as the {@link ClientIdResolver} allows; the ack's data
	 * is {@code {"id": new, "previous": old}}.
	 */
	private void changeId(ClientSession client, @Nullable Object data, @Nullable Long ack, Consumer<String> reply) {
		if (data != null && !(data instanceof String)) {
			fail(client, reply, ErrorCode.BAD_FRAME,
					"data must be absent or null (a new random id), or the id to take as a string", ack);
			return;
		}
		String requested = (String) data;
		if (requested != null && !DefaultClientIdResolver.isAllowed(requested)) {
			reply.accept(errorFrame(ErrorCode.INVALID_ID.code(),
					"Not a client id: 1 to 128 characters without control characters, and neither server nor wsem:...",
					ack));
			return;
		}
		String previous = client.id();
		String next;
		try {
			next = this.manager.idResolver().resolveId(client.principal(), requested);
		}
		catch (WsemException ex) {
			reply.accept(errorFrame(ex.getCode(), String.valueOf(ex.getMessage()), ack));
			return;
		}
		if (requested != null && !requested.equals(next)) {
			forbidden(reply, "This client may not choose its id", ack);
			return;
		}
		if (requested == null && next.equals(previous)) {
			forbidden(reply, "The id of this client comes from its user and cannot be given up", ack);
			return;
		}
		if (!next.equals(previous) && !this.manager.changeId(client, next)) {
			reply.accept(
					errorFrame(ErrorCode.ID_TAKEN.code(), "Client id " + next + " is in use", ack, Map.of("id", next)));
			return;
		}
		if (ack != null) {
			Map<String, Object> ids = new LinkedHashMap<>(4);
			ids.put("id", next);
			ids.put("previous", previous);
			reply.accept(ackFrame(ids, ack));
		}
	}

	private void invokeHandlers(ClientSession client, String event, @Nullable Object data, @Nullable Long ack,
			Consumer<String> reply) {
		this.handlers.invoke(event, data, client).whenComplete((result, failure) -> {
			if (failure != null) {
				Throwable cause = (failure instanceof CompletionException && failure.getCause() != null)
						? failure.getCause() : failure;
				reply.accept(handlerError(client, event, cause, ack));
			}
			else if (ack != null) {
				reply.accept(ackFrame(event, result, ack));
			}
		});
	}

	private void forbidden(Consumer<String> reply, String message, @Nullable Long ack) {
		reply.accept(errorFrame(ErrorCode.FORBIDDEN.code(), message, ack));
	}

	private String ackFrame(String event, @Nullable Object result, long ack) {
		try {
			return ackFrame(result, ack);
		}
		catch (CodecException ex) {
			logger.error("Result of the handler of event " + event + " could not be written", ex);
			return errorFrame(ErrorCode.INTERNAL.code(), "Internal error", ack);
		}
	}

	private String handlerError(ClientSession client, String event, Throwable failure, @Nullable Long ack) {
		if (failure instanceof WsemException ex) {
			return errorFrame(ex.getCode(), String.valueOf(ex.getMessage()), ack);
		}
		if (failure instanceof CodecException) {
			logger.debug("Data of event " + event + " could not be converted", failure);
			return errorFrame(ErrorCode.BAD_FRAME.code(), "The data of event " + event + " has the wrong shape", ack);
		}
		logger.error("Handler of event " + event + " failed", failure);
		this.manager.failed(client, failure);
		return errorFrame(ErrorCode.INTERNAL.code(), "Internal error", ack);
	}

	private String ackFrame(@Nullable Object data, long ack) {
		String frame = this.codec.encodeFrame(ACK_EVENT, data, ack, null);
		this.manager.metrics().ackSent();
		return frame;
	}

	String errorFrame(String code, String message, @Nullable Long ack) {
		return errorFrame(code, message, ack, Map.of());
	}

	String errorFrame(String code, String message, @Nullable Long ack, Map<String, Object> details) {
		Map<String, Object> data = new LinkedHashMap<>(4);
		data.put("code", code);
		data.put("message", message);
		data.putAll(details);
		String frame = this.codec.encodeFrame("wsem:error", data, ack, null);
		this.manager.metrics().errorSent(code);
		return frame;
	}

	private static @Nullable Long readAck(@Nullable Object value) {
		if (value instanceof Integer || value instanceof Long) {
			long ack = ((Number) value).longValue();
			return (ack >= 1 && ack <= MAX_ACK) ? ack : null;
		}
		return null;
	}

	/**
	 * Read {@code since}: a map of room to event id, or one id when one room is named.
	 * @return the ids by room, or {@code null} if {@code since} has another shape
	 */
	private static @Nullable Map<String, String> readSince(@Nullable Object value, List<String> rooms) {
		if (value == null) {
			return Map.of();
		}
		if (value instanceof String id) {
			return (rooms.size() == 1) ? Map.of(rooms.get(0), id) : null;
		}
		if (value instanceof Map<?, ?> map) {
			Map<String, String> since = new LinkedHashMap<>();
			for (Map.Entry<?, ?> entry : map.entrySet()) {
				if (!(entry.getValue() instanceof String id)) {
					return null;
				}
				since.put(String.valueOf(entry.getKey()), id);
			}
			return since;
		}
		return null;
	}

	private static @Nullable List<String> readRooms(@Nullable Object value) {
		if (value instanceof String room) {
			return List.of(room);
		}
		if (value instanceof List<?> list) {
			List<String> rooms = new ArrayList<>(list.size());
			for (Object item : list) {
				if (!(item instanceof String room)) {
					return null;
				}
				rooms.add(room);
			}
			return rooms;
		}
		return null;
	}

}
