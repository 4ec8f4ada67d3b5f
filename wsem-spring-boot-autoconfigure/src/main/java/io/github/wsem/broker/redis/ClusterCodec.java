package io.github.wsem.broker.redis;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.github.wsem.core.JsonCodec;
import org.jspecify.annotations.Nullable;

/**
 * Writes {@link ClusterMessage}s as JSON objects and reads them back. The one other place
 * that knows these names is {@code history-emit.lua}, which adds {@code "entry"} and
 * {@code "previous"} in front of an {@link ClusterMessage.Emit} it keeps.
 */
final class ClusterCodec {

	private final JsonCodec json;

	ClusterCodec(JsonCodec json) {
		this.json = json;
	}

	String encode(ClusterMessage message) {
		Map<String, Object> fields = new LinkedHashMap<>(12);
		if (message instanceof ClusterMessage.Emit emit) {
			fields.put("kind", "emit");
			fields.put("origin", emit.origin());
			fields.put("sequence", emit.sequence());
			fields.put("localFirst", emit.localFirst());
			fields.put("rooms", emit.rooms());
			fields.put("except", emit.except());
			fields.put("event", emit.event());
			fields.put("data", emit.data());
			fields.put("room", emit.room());
			if (emit.entry() != null) {
				fields.put("entry", emit.entry());
				fields.put("previous", emit.previous());
			}
		}
		else if (message instanceof ClusterMessage.Direct direct) {
			fields.put("kind", "direct");
			fields.put("origin", direct.origin());
			fields.put("clients", direct.clients());
			fields.put("frame", direct.frame());
		}
		else if (message instanceof ClusterMessage.Answer answer) {
			fields.put("kind", "answer");
			fields.put("origin", answer.origin());
			fields.put("reply", answer.reply());
			fields.put("from", answer.from());
			fields.put("message", answer.message());
		}
		else if (message instanceof ClusterMessage.Registrations registrations) {
			fields.put("kind", "registrations");
			fields.put("origin", registrations.origin());
			fields.put("room", registrations.room());
		}
		return this.json.encode(fields);
	}

	/**
	 * Read a message.
	 * @return the message, or {@code null} if the text is not one
	 */
	@Nullable ClusterMessage decode(String text) {
		Object decoded;
		try {
			decoded = this.json.decode(text);
		}
		catch (RuntimeException ex) {
			return null;
		}
		if (!(decoded instanceof Map<?, ?> fields) || !(fields.get("origin") instanceof String origin)) {
			return null;
		}
		try {
			return switch (String.valueOf(fields.get("kind"))) {
				case "emit" -> new ClusterMessage.Emit(origin, number(fields.get("sequence")),
						Boolean.TRUE.equals(fields.get("localFirst")), strings(fields.get("rooms")),
						strings(fields.get("except")), (String) required(fields.get("event")),
						(String) fields.get("data"), (String) fields.get("room"), (String) fields.get("entry"),
						(String) fields.get("previous"));
				case "direct" -> new ClusterMessage.Direct(origin, strings(fields.get("clients")),
						(String) required(fields.get("frame")));
				case "answer" -> new ClusterMessage.Answer(origin, number(fields.get("reply")),
						(String) required(fields.get("from")), fields.get("message"));
				case "registrations" -> new ClusterMessage.Registrations(origin, (String) required(fields.get("room")));
				default -> null;
			};
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	/**
	 * Return the JSON array of a set of strings, as a stream entry keeps it.
	 */
	String encodeStrings(Set<String> strings) {
		return this.json.encode(strings);
	}

	Set<String> decodeStrings(@Nullable String text) {
		return (text == null || text.isEmpty()) ? Set.of() : strings(this.json.decode(text));
	}

	private static Object required(@Nullable Object value) {
		if (value == null) {
			throw new IllegalArgumentException("Missing field");
		}
		return value;
	}

	private static long number(@Nullable Object value) {
		return ((Number) required(value)).longValue();
	}

	private static Set<String> strings(@Nullable Object value) {
		if (!(value instanceof List<?> list)) {
			return Set.of();
		}
		List<String> strings = new ArrayList<>(list.size());
		list.forEach((item) -> strings.add(String.valueOf(item)));
		return new LinkedHashSet<>(strings);
	}

}
