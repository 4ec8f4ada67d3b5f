package io.github.wsem.sse;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An SSE stream counts bytes against {@code wsem.send-buffer-limit}, as a WebSocket
 * connection does.
 */
class SseChunkTests {

	@Test
	void countsUtf8BytesOfItsIdLineAndBody() {
		SseChunk chunk = new SseChunk(SseChunk.utf8("id: 1\n"), SseChunk.utf8("data: \u00e9\u20ac\n\n"));
		assertThat(chunk.size()).isEqualTo(6 + 13);
	}

}
