package io.github.wsem.codec;

/**
 * Writes the unpaired surrogates of encoded JSON as {@code \}{@code uXXXX} escapes.
 * Jackson writes a string's characters as they are, and a lone surrogate (which a client
 * can send as an escape) cannot be encoded in the UTF-8 of a WebSocket text frame. In
 * JSON text written by Jackson such a character is always inside a string, where the
 * escape stands for the same character.
 */
final class UnpairedSurrogates {

	private UnpairedSurrogates() {
	}

	static String escape(String json) {
		int first = firstUnpaired(json, 0);
		if (first < 0) {
			return json;
		}
		StringBuilder result = new StringBuilder(json.length() + 16);
		int from = 0;
		for (int at = first; at >= 0; at = firstUnpaired(json, at + 1)) {
			result.append(json, from, at).append("\\u").append(Integer.toHexString(json.charAt(at)));
			from = at + 1;
		}
		return result.append(json, from, json.length()).toString();
	}

	private static int firstUnpaired(String text, int from) {
		for (int i = from; i < text.length(); i++) {
			char c = text.charAt(i);
			if (Character.isSurrogate(c)) {
				boolean paired = Character.isHighSurrogate(c) && i + 1 < text.length()
						&& Character.isLowSurrogate(text.charAt(i + 1));
				if (!paired) {
					return i;
				}
				i++;
			}
		}
		return -1;
	}

}
