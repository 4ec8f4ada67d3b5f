package io.github.wsem.sse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

import io.github.wsem.outbound.BatchWriter;

import org.springframework.http.MediaType;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyEmitter.DataWithMediaType;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Writes a batch of {@link SseChunk}s to a stream in one {@link SseEmitter#send}, which
 * blocks until the container took them; the queue calls it on the SSE writer threads.
 */
final class SseBatchWriter implements BatchWriter<SseChunk> {

	private static final MediaType TEXT = new MediaType("text", "plain", StandardCharsets.UTF_8);

	private final SseEmitter emitter;

	SseBatchWriter(SseEmitter emitter) {
		this.emitter = emitter;
	}

	@Override
	public boolean write(List<SseChunk> chunks, Completion completion) throws IOException {
		this.emitter.send(Set.of(new DataWithMediaType(payload(chunks), TEXT)));
		return true;
	}

	private static byte[] payload(List<SseChunk> chunks) {
		if (chunks.size() == 1 && chunks.get(0).head() == null) {
			return chunks.get(0).body();
		}
		int size = 0;
		for (SseChunk chunk : chunks) {
			size += chunk.size();
		}
		byte[] payload = new byte[size];
		int position = 0;
		for (SseChunk chunk : chunks) {
			byte[] head = chunk.head();
			if (head != null) {
				System.arraycopy(head, 0, payload, position, head.length);
				position += head.length;
			}
			System.arraycopy(chunk.body(), 0, payload, position, chunk.body().length);
			position += chunk.body().length;
		}
		return payload;
	}

}
