package io.github.wsem.sse;

import java.nio.charset.StandardCharsets;

import org.jspecify.annotations.Nullable;

/**
 * A piece of one SSE stream: a body in UTF-8, possibly shared by every recipient of an
 * emitted event, after this stream's own {@code id:} line.
 *
 * @param head this stream's {@code id:} line, or {@code null}
 * @param body the shared text
 */
record SseChunk(byte @Nullable [] head, byte[] body) {

	static SseChunk of(String text) {
		return new SseChunk(null, utf8(text));
	}

	static byte[] utf8(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	/**
	 * The bytes the chunk counts against the send buffer limit.
	 */
	int size() {
		return ((this.head != null) ? this.head.length : 0) + this.body.length;
	}

}
