package io.github.wsem.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A frame the {@link JsonCodec} wrote once with placeholders in place of its values,
 * rendered by putting the values' JSON in their place: the frames that every connection
 * gets (the welcome, the ack of a register) cost a copy instead of an encode. A string
 * made only of characters no JSON codec escapes goes in as it is, any other through the
 * codec.
 */
final class FrameTemplate {

	/** A string slot: every JSON codec writes it as it is. */
	static final String STRING_SLOT = "wsem-template-slot";

	/** A number slot: an integer every JSON codec writes in plain digits. */
	static final long NUMBER_SLOT = 9_007_199_254_740_881L;

	private static final String PLAIN = "\"" + STRING_SLOT + "\"";

	private final JsonCodec codec;

	private final String[] parts;

	/** The characters of the parts. */
	private final int length;

	private final boolean plainStrings;

	private FrameTemplate(JsonCodec codec, String[] parts) {
		this.codec = codec;
		this.parts = parts;
		this.length = Arrays.stream(parts).mapToInt(String::length).sum();
		this.plainStrings = PLAIN.equals(encodeOrNull(codec, STRING_SLOT));
	}

	/**
	 * Make a template of a frame the codec wrote with {@link #STRING_SLOT} and
	 * {@link #NUMBER_SLOT} values.
	 * @param codec the codec that wrote it, and that writes the strings to escape
	 * @param encoded the frame's text
	 * @param slots the kinds of the slots, in the order they occur: {@code String.class}
	 * or {@code Long.class}
	 * @return the template, or {@code null} if the frame does not hold each slot once
	 */
	static @Nullable FrameTemplate of(JsonCodec codec, String encoded, Class<?>... slots) {
		List<String> parts = new ArrayList<>(slots.length + 1);
		int from = 0;
		for (Class<?> slot : slots) {
			String token = (slot == String.class) ? PLAIN : Long.toString(NUMBER_SLOT);
			int at = encoded.indexOf(token, from);
			if (at < 0 || encoded.indexOf(token, at + token.length()) >= 0) {
				return null;
			}
			parts.add(encoded.substring(from, at));
			from = at + token.length();
		}
		parts.add(encoded.substring(from));
		return new FrameTemplate(codec, parts.toArray(String[]::new));
	}

	/**
	 * Make a template by encoding a frame with placeholders.
	 * @param codec the codec
	 * @param event the frame's event
	 * @param data the frame's data, with placeholders
	 * @param ack the ack, {@link #NUMBER_SLOT} or {@code null}
	 * @param slots the kinds of the slots, in the order the codec writes them
	 * @return the template, or {@code null} if the codec does not write each placeholder
	 * once as it is
	 */
	static @Nullable FrameTemplate encode(JsonCodec codec, String event, @Nullable Object data, @Nullable Long ack,
			Class<?>... slots) {
		try {
			return of(codec, codec.encodeFrame(event, data, ack, null), slots);
		}
		catch (CodecException ex) {
			return null;
		}
	}

	/**
	 * Render the frame.
	 * @param values the slots' values in order: strings and longs
	 * @return the frame's text
	 */
	String render(Object... values) {
		int length = this.length;
		for (Object value : values) {
			length += (value instanceof String string) ? string.length() + 2 : 20;
		}
		StringBuilder text = new StringBuilder(length);
		text.append(this.parts[0]);
		for (int i = 0; i < values.length; i++) {
			Object value = values[i];
			if (value instanceof String string) {
				appendString(text, string);
			}
			else {
				text.append((long) (Long) value);
			}
			text.append(this.parts[i + 1]);
		}
		return text.toString();
	}

	private void appendString(StringBuilder text, String value) {
		if (this.plainStrings && isPlain(value)) {
			text.append('"').append(value).append('"');
		}
		else {
			text.append(this.codec.encode(value));
		}
	}

	/**
	 * Whether no JSON codec escapes any character of the string: ASCII letters, digits
	 * and {@code - _ . :}.
	 */
	static boolean isPlain(String value) {
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_'
					|| c == '.' || c == ':')) {
				return false;
			}
		}
		return true;
	}

	private static @Nullable String encodeOrNull(JsonCodec codec, String value) {
		try {
			return codec.encode(value);
		}
		catch (CodecException ex) {
			return null;
		}
	}

}
