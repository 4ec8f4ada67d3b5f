package io.github.wsem.sse;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Reads an SSE stream line by line with the JDK's {@link HttpClient}, as a non-browser
 * client would.
 */
final class SseTestClient implements AutoCloseable {

	record Event(String id, String event, List<String> dataLines) {

		String data() {
			return String.join("\n", this.dataLines);
		}

	}

	final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

	final BlockingQueue<Event> events = new LinkedBlockingQueue<>();

	final HttpResponse<InputStream> response;

	/** Counted down when the server ended the stream normally. */
	final CountDownLatch ended = new CountDownLatch(1);

	private final Thread reader;

	SseTestClient(HttpClient http, URI uri) throws Exception {
		this(http, uri, Map.of());
	}

	SseTestClient(HttpClient http, URI uri, String lastEventId) throws Exception {
		this(http, uri, (lastEventId != null) ? Map.of("Last-Event-ID", lastEventId) : Map.of());
	}

	SseTestClient(HttpClient http, URI uri, Map<String, String> headers) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri).header("Accept", "text/event-stream");
		headers.forEach(request::header);
		this.response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
		this.reader = new Thread(this::read, "sse-test-reader");
		this.reader.setDaemon(true);
		this.reader.start();
	}

	private void read() {
		try (BufferedReader in = new BufferedReader(
				new InputStreamReader(this.response.body(), StandardCharsets.UTF_8))) {
			String id = null;
			String event = "message";
			List<String> data = new ArrayList<>();
			String line;
			while ((line = in.readLine()) != null) {
				this.lines.add(line);
				if (line.isEmpty()) {
					if (!data.isEmpty()) {
						this.events.add(new Event(id, event, List.copyOf(data)));
					}
					event = "message";
					data.clear();
				}
				else if (line.startsWith("data: ")) {
					data.add(line.substring(6));
				}
				else if (line.startsWith("event: ")) {
					event = line.substring(7);
				}
				else if (line.startsWith("id: ")) {
					id = line.substring(4);
				}
			}
			this.ended.countDown();
		}
		catch (IOException ex) {
			// stream closed
		}
	}

	Event next() throws InterruptedException {
		Event event = this.events.poll(5, TimeUnit.SECONDS);
		if (event == null) {
			throw new AssertionError("No SSE event within 5 seconds");
		}
		return event;
	}

	Event next(String name) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
		while (System.nanoTime() < deadline) {
			Event event = this.events.poll(100, TimeUnit.MILLISECONDS);
			if (event != null && event.event().equals(name)) {
				return event;
			}
		}
		throw new AssertionError("No SSE event " + name + " within 5 seconds");
	}

	@Override
	public void close() throws IOException {
		this.response.body().close();
	}

}
