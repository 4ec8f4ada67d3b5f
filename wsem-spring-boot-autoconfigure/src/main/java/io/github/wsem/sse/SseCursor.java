package io.github.wsem.sse;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import io.github.wsem.core.CodecException;
import io.github.wsem.core.JsonCodec;
import org.jspecify.annotations.Nullable;

/**
 * The {@code id:} of an SSE stream: the last event id of every room of the stream, so
 * that the one {@code Last-Event-ID} a browser sends back resumes all of them. Written as
 * base64url of a JSON object; opaque to clients.
 */
final class SseCursor {

	private SseCursor() {
	}

	static String encode(JsonCodec codec, Map<String, String> positions) {
		return Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString(codec.encode(positions).getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * Read a cursor.
	 * @return the positions by room, or {@code null} if the text is not a cursor
	 */
	static @Nullable Map<String, String> decode(JsonCodec codec, String cursor) {
		try {
			Object value = codec.decode(new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8));
			if (!(value instanceof Map<?, ?> map)) {
				return null;
			}
			Map<String, String> positions = new LinkedHashMap<>();
			for (Map.Entry<?, ?> entry : map.entrySet()) {
				if (!(entry.getValue() instanceof String id)) {
					return null;
				}
				positions.put(String.valueOf(entry.getKey()), id);
			}
			return positions;
		}
		catch (IllegalArgumentException | CodecException ex) {
			return null;
		}
	}

}
