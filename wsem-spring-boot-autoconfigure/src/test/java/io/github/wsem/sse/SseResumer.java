package io.github.wsem.sse;

import java.net.URI;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.util.Arrays;
import java.util.List;

import io.github.wsem.test.ResumeDrill;
import org.jspecify.annotations.Nullable;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A {@link ResumeDrill.Connection} over SSE: an event stream that comes back with
 * {@code Last-Event-ID}, on the next of its servers at every drop.
 */
final class SseResumer implements ResumeDrill.Connection {

	private final HttpClient http;

	private final List<URI> streams;

	private final int current;

	private final String room;

	private final SseTestClient client;

	private @Nullable String cursor;

	private SseResumer(HttpClient http, List<URI> streams, int current, String room, @Nullable String cursor)
			throws Exception {
		this.http = http;
		this.streams = streams;
		this.current = current;
		this.room = room;
		this.client = new SseTestClient(http, streams.get(current), cursor);
		String welcomed = this.client.next("wsem:welcome").id();
		this.cursor = (cursor != null) ? cursor : welcomed;
	}

	/**
	 * Open the stream of one room on the first server.
	 * @param http the HTTP client
	 * @param room the room of the drill's events
	 * @param ports the servers' ports, in turn
	 * @return the first connection
	 */
	static SseResumer start(HttpClient http, String room, int... ports) throws Exception {
		List<URI> streams = Arrays.stream(ports)
			.mapToObj((port) -> URI.create("http://localhost:" + port + "/wsem/sse?events=" + room))
			.toList();
		return new SseResumer(http, streams, 0, room, null);
	}

	@Override
	public Integer next() throws Exception {
		SseTestClient.Event event = this.client.next();
		assertThat(event.event()).isEqualTo(this.room);
		this.cursor = event.id();
		return Integer.parseInt(event.data());
	}

	@Override
	public ResumeDrill.Connection dropAndResume() throws Exception {
		close();
		return new SseResumer(this.http, this.streams, (this.current + 1) % this.streams.size(), this.room,
				this.cursor);
	}

	@Override
	public void close() {
		try {
			this.client.close();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
