package io.github.wsem.test;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * Random client frames for property-based tests of the frame decoding: arbitrary strings,
 * arbitrary JSON values, valid frames with mutated fields, and byte-level mutations of
 * valid frames. Everything comes from one {@link Random}, so a seed reproduces a run.
 */
public final class FrameFuzzer {

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final String[] RESERVED = { "wsem:register", "wsem:unregister", "wsem:send", "wsem:answer",
			"wsem:ack", "wsem:error", "wsem:welcome", "wsem:message", "wsem:", "wsem:other" };

	private static final String[] INSERTS = { "\"", "{", "}", "[", "]", ",", ":", "\\", "\\u", "\\ud800", "\\udc00",
			"\\udc00\\ud800", "\\ud83d\\ude00", "null", "\u0000", "\uFEFF", "1e999999", "-", "0x1F" };

	private final Random random;

	private final boolean rawSurrogates;

	private final List<String> events;

	private final List<String> clientIds;

	private List<String> eventIds = List.of();

	/**
	 * Create a fuzzer.
	 * @param random the source of randomness
	 * @param rawSurrogates whether texts may hold unpaired surrogate characters, which a
	 * WebSocket text frame cannot carry; otherwise they are written as JSON escapes
	 * @param events event names with a handler on the server under test
	 * @param clientIds client ids to send direct messages to
	 */
	public FrameFuzzer(Random random, boolean rawSurrogates, List<String> events, List<String> clientIds) {
		this.random = random;
		this.rawSurrogates = rawSurrogates;
		this.events = List.copyOf(events);
		this.clientIds = List.copyOf(clientIds);
	}

	/**
	 * Use event ids the server gave out, to build {@code since} values near them.
	 * @param eventIds the ids
	 * @return this fuzzer
	 */
	public FrameFuzzer eventIds(List<String> eventIds) {
		this.eventIds = List.copyOf(eventIds);
		return this;
	}

	/**
	 * Return one frame of any kind.
	 * @return the frame's text
	 */
	public String next() {
		return switch (this.random.nextInt(8)) {
			case 0 -> anyString();
			case 1 -> anyJsonText();
			case 2, 3 -> byteMutatedFrame();
			default -> mutatedFrame();
		};
	}

	/**
	 * Return an arbitrary string, usually not JSON.
	 * @return the text
	 */
	public String anyString() {
		return finish(string(this.random.nextInt(10) == 0 ? 2000 : 60));
	}

	/**
	 * Return an arbitrary JSON value, usually not a frame.
	 * @return the JSON text
	 */
	public String anyJsonText() {
		return finish(json.writeValueAsString(value(3)));
	}

	/**
	 * Return a frame whose fields are each valid or mutated: the event name, the ack, and
	 * data shaped for the event.
	 * @return the JSON text
	 */
	public String mutatedFrame() {
		return finish(json.writeValueAsString(frame()));
	}

	/**
	 * Return a valid or mutated frame, then mutated as text: truncated, with quotes,
	 * braces or escapes inserted, characters dropped or repeated, or a UTF-8 byte
	 * changed.
	 * @return the text
	 */
	public String byteMutatedFrame() {
		String text = json.writeValueAsString(frame());
		int mutations = 1 + this.random.nextInt(3);
		for (int i = 0; i < mutations; i++) {
			text = mutate(text);
		}
		return finish(text);
	}

	/**
	 * Return a frame as a map, before encoding.
	 * @return the frame
	 */
	public Map<String, Object> frame() {
		Map<String, Object> frame = new LinkedHashMap<>();
		String event = eventName();
		switch (this.random.nextInt(20)) {
			case 0 -> {
			}
			case 1 -> frame.put("event", value(1));
			default -> frame.put("event", event);
		}
		if (this.random.nextInt(3) > 0) {
			frame.put("data", data(event));
		}
		if (this.random.nextBoolean()) {
			frame.put("ack", ack());
		}
		if (this.random.nextInt(10) == 0) {
			frame.put(string(8), value(2));
		}
		if (this.random.nextInt(10) == 0) {
			frame.put("id", value(1));
		}
		return frame;
	}

	/**
	 * Return an event or room name: mostly valid, some reserved, empty, too long, or with
	 * control characters.
	 * @return the name
	 */
	public String eventName() {
		return switch (this.random.nextInt(12)) {
			case 0 -> "";
			case 1 -> "x".repeat(127 + this.random.nextInt(4));
			case 2 -> insert(name(),
					String.valueOf((char) (int) pick(0x00, 0x1F, 0x7F, 0x85, 0x9F, this.random.nextInt(32))));
			case 3, 4 -> RESERVED[this.random.nextInt(RESERVED.length)];
			case 5, 6 -> this.events.get(this.random.nextInt(this.events.size()));
			case 7 -> string(12);
			case 8 -> "*";
			default -> name();
		};
	}

	/**
	 * Return an ack: mostly a valid one, else 0, negative, 2^53, a float, a string, or
	 * any other JSON value.
	 * @return the ack value
	 */
	public @Nullable Object ack() {
		return switch (this.random.nextInt(16)) {
			case 0 -> 0;
			case 1 -> -1 - this.random.nextInt(1000);
			case 2 -> (1L << 53) - 1;
			case 3 -> 1L << 53;
			case 4 -> Long.MAX_VALUE;
			case 5 -> BigInteger.ONE.shiftLeft(64 + this.random.nextInt(100));
			case 6 -> 1.0 + this.random.nextInt(10);
			case 7 -> 2.5;
			case 8 -> String.valueOf(1 + this.random.nextInt(100));
			case 9 -> value(1);
			case 10 -> new BigDecimal("1E3");
			default -> 1L + this.random.nextInt(1_000_000);
		};
	}

	private @Nullable Object data(String event) {
		if (this.random.nextInt(6) == 0) {
			return value(3);
		}
		return switch (event) {
			case "wsem:register", "wsem:unregister" -> rooms();
			case "wsem:send" -> send();
			case "wsem:answer" -> answer();
			default -> value(3);
		};
	}

	private Object rooms() {
		return switch (this.random.nextInt(6)) {
			case 0 -> eventName();
			case 1 -> list(this.random.nextInt(8), this::eventName);
			case 2 ->
				list(this.random.nextInt(20) == 0 ? 5000 : 3, () -> this.random.nextBoolean() ? eventName() : value(1));
			default -> {
				Map<String, Object> data = new LinkedHashMap<>();
				Object rooms = (this.random.nextInt(4) == 0) ? value(2)
						: list(1 + this.random.nextInt(3), this::eventName);
				if (this.random.nextInt(8) > 0) {
					data.put("events", rooms);
				}
				if (this.random.nextBoolean()) {
					data.put("since", since(rooms));
				}
				yield data;
			}
		};
	}

	private Object since(Object rooms) {
		return switch (this.random.nextInt(5)) {
			case 0 -> sinceId();
			case 1 -> value(2);
			default -> {
				Map<String, Object> since = new LinkedHashMap<>();
				List<?> names = (rooms instanceof List<?> list) ? list : List.of(eventName());
				for (Object room : names) {
					since.put(String.valueOf(room), (this.random.nextInt(6) == 0) ? value(1) : sinceId());
				}
				if (this.random.nextInt(4) == 0) {
					since.put(eventName(), sinceId());
				}
				yield since;
			}
		};
	}

	private String sinceId() {
		if (!this.eventIds.isEmpty() && this.random.nextBoolean()) {
			String id = this.eventIds.get(this.random.nextInt(this.eventIds.size()));
			String prefix = id.substring(0, id.lastIndexOf('-') + 1);
			return switch (this.random.nextInt(4)) {
				case 0 -> id;
				case 1 -> prefix + this.random.nextInt(300);
				case 2 -> prefix + pick("-1", "", "x", "99999999999999999999", Long.toString(Long.MAX_VALUE));
				default -> id.substring(0, this.random.nextInt(id.length() + 1));
			};
		}
		return switch (this.random.nextInt(6)) {
			case 0 -> string(20);
			case 1 -> "epoch." + this.random.nextInt(5) + "-" + this.random.nextInt(10);
			case 2 -> "." + this.random.nextLong();
			case 3 -> "x.-1-" + Long.MAX_VALUE + "9";
			case 4 -> "";
			default -> Long.toString(this.random.nextLong(), 36) + "." + this.random.nextInt(3) + "-"
					+ this.random.nextInt(200);
		};
	}

	private Object send() {
		Map<String, Object> data = new LinkedHashMap<>();
		Object to = switch (this.random.nextInt(7)) {
			case 0 -> value(1);
			case 1 -> List.of();
			case 2 -> list(1 + this.random.nextInt(4), () -> this.random.nextBoolean() ? clientId() : value(1));
			case 3 -> list(this.random.nextInt(5) == 0 ? 500 : 3, this::clientId);
			default -> clientId();
		};
		if (this.random.nextInt(8) > 0) {
			data.put("to", to);
		}
		if (this.random.nextInt(4) > 0) {
			data.put("message", value(3));
		}
		return data;
	}

	private Object answer() {
		Map<String, Object> data = new LinkedHashMap<>();
		if (this.random.nextInt(8) > 0) {
			data.put("reply", ack());
		}
		data.put("message", value(2));
		return data;
	}

	private String clientId() {
		return (this.random.nextInt(4) > 0 && !this.clientIds.isEmpty())
				? this.clientIds.get(this.random.nextInt(this.clientIds.size())) : string(10);
	}

	/**
	 * Return an arbitrary JSON value as plain Java values, nested up to the depth.
	 * @param depth how deep arrays and objects may nest
	 * @return the value
	 */
	public @Nullable Object value(int depth) {
		int kinds = (depth > 0) ? 12 : 9;
		return switch (this.random.nextInt(kinds)) {
			case 0 -> null;
			case 1 -> this.random.nextBoolean();
			case 2 -> this.random.nextInt();
			case 3 -> pick(0L, -1L, 1L << 53, Long.MIN_VALUE, Long.MAX_VALUE, this.random.nextLong());
			case 4 -> BigInteger.TEN.pow(20 + this.random.nextInt(300)).negate();
			case 5 -> pick(0.0, -0.0, 1.5, 1e308, Double.MIN_VALUE, this.random.nextDouble());
			case 6, 7, 8 -> string(30);
			case 9 -> list(this.random.nextInt(30) == 0 ? 3000 : this.random.nextInt(5), () -> value(depth - 1));
			case 10 -> nested(1 + this.random.nextInt(this.random.nextInt(10) == 0 ? 400 : 20));
			default -> {
				Map<String, Object> map = new LinkedHashMap<>();
				int size = this.random.nextInt(5);
				for (int i = 0; i < size; i++) {
					map.put(this.random.nextBoolean() ? string(8) : pick("event", "data", "ack", "events", "since",
							"to", "message", "reply", "__proto__", ""), value(depth - 1));
				}
				yield map;
			}
		};
	}

	private Object nested(int depth) {
		Object value = string(3);
		for (int i = 0; i < depth; i++) {
			value = this.random.nextBoolean() ? List.of(value) : Map.of(pick("a", "events", "data"), value);
		}
		return value;
	}

	private String name() {
		int length = 1 + this.random.nextInt(12);
		StringBuilder name = new StringBuilder(length);
		for (int i = 0; i < length; i++) {
			name.append((char) ('a' + this.random.nextInt(6)));
		}
		return name.toString();
	}

	/**
	 * Return an arbitrary string: printable ASCII, JSON syntax, control characters, other
	 * scripts, surrogate pairs and unpaired surrogates.
	 */
	private String string(int maxLength) {
		int length = this.random.nextInt(maxLength + 1);
		StringBuilder text = new StringBuilder(length);
		for (int i = 0; i < length; i++) {
			switch (this.random.nextInt(10)) {
				case 0 -> text.append((char) this.random.nextInt(0x20));
				case 1 -> text.append("{}[]\":,\\".charAt(this.random.nextInt(8)));
				case 2 -> text.append((char) (0x7F + this.random.nextInt(0x21)));
				case 3 -> text.append((char) (0xA0 + this.random.nextInt(0xD7FF - 0xA0)));
				case 4 -> text.appendCodePoint(0x10000 + this.random.nextInt(0x10FFFF - 0x10000));
				case 5 -> text.append((char) (0xD800 + this.random.nextInt(0x800)));
				case 6 -> text.append((char) (0xE000 + this.random.nextInt(0x2000)));
				default -> text.append((char) (0x20 + this.random.nextInt(0x5F)));
			}
		}
		return text.toString();
	}

	private String mutate(String text) {
		int at = (text.isEmpty()) ? 0 : this.random.nextInt(text.length() + 1);
		return switch (this.random.nextInt(7)) {
			case 0 -> text.substring(0, at);
			case 1 -> text.substring(0, at) + INSERTS[this.random.nextInt(INSERTS.length)] + text.substring(at);
			case 2 -> (at < text.length()) ? text.substring(0, at) + text.substring(at + 1) : text;
			case 3 -> text.substring(0, at) + text.substring(at / 2);
			case 4 -> text.substring(0, at) + (char) (0xD800 + this.random.nextInt(0x800)) + text.substring(at);
			case 5 -> {
				byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
				if (bytes.length > 0) {
					bytes[this.random.nextInt(bytes.length)] = (byte) this.random.nextInt(256);
				}
				yield new String(bytes, StandardCharsets.UTF_8);
			}
			default -> text.substring(at) + text.substring(0, at);
		};
	}

	private String insert(String text, String insert) {
		int at = this.random.nextInt(text.length() + 1);
		return text.substring(0, at) + insert + text.substring(at);
	}

	private List<Object> list(int size, Supplier<@Nullable Object> element) {
		List<Object> list = new ArrayList<>(size);
		for (int i = 0; i < size; i++) {
			list.add(element.get());
		}
		return list;
	}

	@SafeVarargs
	private <T> T pick(T... choices) {
		return choices[this.random.nextInt(choices.length)];
	}

	/**
	 * Write unpaired surrogates as JSON escapes unless raw ones are allowed.
	 */
	private String finish(String text) {
		if (this.rawSurrogates) {
			return text;
		}
		StringBuilder result = new StringBuilder(text.length());
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
				result.append(c).append(text.charAt(++i));
			}
			else if (Character.isSurrogate(c)) {
				result.append(String.format("\\u%04x", (int) c));
			}
			else {
				result.append(c);
			}
		}
		return result.toString();
	}

}
