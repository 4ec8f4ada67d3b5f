package io.github.wsem.client;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodySubscribers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A connection over Server-Sent Events (PROTOCOL.md section 7): {@code GET
 * {url}/sse?frames=1} brings every frame as one message, frames go out as {@code POST
 * {url}/emit}, one request at a time so that the server reads them in call order, with
 * {@code Wsem-Ack: stream}: answers come on the stream, so a slow handler holds up no
 * later frame (as {@code wsem.js} does). A stream opened with a cursor names its rooms
 * and sends the cursor as {@code Last-Event-ID}: the server registers them and replays
 * what was missed.
 */
final class SseConnection implements Connection, Flow.Subscriber<String> {

	private final HttpClient http;

	private final JsonMapper json;

	private final URI emitUri;

	private final Map<String, String> headers;

	private final Listener listener;

	private final boolean registered;

	private final AtomicBoolean ended = new AtomicBoolean();

	private final List<String> data = new ArrayList<>();

	private @Nullable String id;

	private volatile Flow.@Nullable Subscription subscription;

	private volatile @Nullable String clientId;

	private volatile @Nullable String token;

	private CompletableFuture<?> tail = CompletableFuture.completedFuture(null);

	SseConnection(HttpClient http, JsonMapper json, URI url, Map<String, String> headers, Duration connectTimeout,
			Collection<String> rooms, @Nullable String cursor, Listener listener) {
		this.http = http;
		this.json = json;
		this.emitUri = below(url, "/emit", null);
		this.headers = headers;
		this.listener = listener;
		this.registered = cursor != null && !rooms.isEmpty();
		String query = "frames=1" + (this.registered
				? "&events=" + URLEncoder.encode(String.join(",", rooms), StandardCharsets.UTF_8) : "");
		HttpRequest.Builder request = HttpRequest.newBuilder(below(url, "/sse", query))
			.timeout(connectTimeout)
			.header("Accept", "text/event-stream");
		headers.forEach(request::header);
		if (this.registered) {
			request.header("Last-Event-ID", cursor);
		}
		http.sendAsync(request.build(), this::stream).whenComplete((response, ex) -> {
			if (ex != null) {
				fail("Cannot open the SSE stream: " + ex.getMessage(), ex);
			}
			else if (response.statusCode() != 200) {
				fail("The SSE stream answered " + response.statusCode(), null);
			}
		});
	}

	@Override
	public boolean registered() {
		return this.registered;
	}

	private HttpResponse.BodySubscriber<@Nullable Void> stream(HttpResponse.ResponseInfo info) {
		return (info.statusCode() == 200) ? BodySubscribers.fromLineSubscriber(this) : BodySubscribers.replacing(null);
	}

	@Override
	public void renamed(String id) {
		this.clientId = id;
	}

	@Override
	public synchronized void send(String frame) {
		HttpRequest.Builder request = HttpRequest.newBuilder(this.emitUri)
			.header("Content-Type", "application/json")
			.header("Wsem-Ack", "stream")
			.POST(HttpRequest.BodyPublishers.ofString(frame));
		this.headers.forEach(request::header);
		String id = this.clientId;
		String token = this.token;
		if (id != null && token != null) {
			request.header("Wsem-Client", id).header("Wsem-Token", token);
		}
		this.tail = this.tail
			.thenCompose((ignored) -> this.http.sendAsync(request.build(),
					HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)))
			.handle((response, ex) -> {
				if (!this.ended.get()) {
					if (ex != null) {
						this.listener.error(new WsemClientException("transport",
								"POST " + this.emitUri + " failed: " + ex.getMessage(), null, ex));
					}
					else {
						answered(response.statusCode(), response.body());
					}
				}
				return null;
			});
	}

	/**
	 * 200 carries the answer frame, 202 nothing; 413 carries a {@code too_large} frame as
	 * the WebSocket would; 403 means the server no longer knows this stream.
	 */
	private void answered(int status, String body) {
		if (status == 403) {
			fail("POST " + this.emitUri + " answered 403", null);
		}
		else if (!body.isEmpty() && (status < 300 || body.startsWith("{"))) {
			this.listener.message(body);
		}
		else if (status >= 300) {
			this.listener.error(new WsemClientException("transport", "POST " + this.emitUri + " answered " + status));
		}
	}

	@Override
	public void close(int code, String reason) {
		this.ended.set(true);
		Flow.Subscription current = this.subscription;
		if (current != null) {
			current.cancel();
		}
	}

	@Override
	public void onSubscribe(Flow.Subscription subscription) {
		this.subscription = subscription;
		if (this.ended.get()) {
			subscription.cancel();
		}
		else {
			subscription.request(Long.MAX_VALUE);
		}
	}

	@Override
	public void onNext(String line) {
		if (line.isEmpty()) {
			dispatch();
			return;
		}
		int colon = line.indexOf(':');
		if (colon == 0) {
			return;
		}
		String field = (colon < 0) ? line : line.substring(0, colon);
		String value = (colon < 0) ? "" : line.substring(colon + 1);
		if (value.startsWith(" ")) {
			value = value.substring(1);
		}
		if (field.equals("data")) {
			this.data.add(value);
		}
		else if (field.equals("id")) {
			this.id = value;
		}
	}

	private void dispatch() {
		String cursor = this.id;
		this.id = null;
		if (this.data.isEmpty() || this.ended.get()) {
			this.data.clear();
			return;
		}
		String text = String.join("\n", this.data);
		this.data.clear();
		if (this.clientId == null) {
			welcome(text);
		}
		if (cursor != null) {
			this.listener.cursor(cursor);
		}
		this.listener.message(text);
	}

	private void welcome(String text) {
		try {
			JsonNode frame = this.json.readTree(text);
			if ("wsem:welcome".equals(frame.path("event").asString(null))) {
				this.token = frame.path("data").path("token").asString(null);
				this.clientId = frame.path("data").path("id").asString(null);
			}
		}
		catch (RuntimeException ex) {
			// not a frame: the client reports it
		}
	}

	@Override
	public void onError(Throwable throwable) {
		fail("The SSE stream failed: " + throwable.getMessage(), throwable);
	}

	@Override
	public void onComplete() {
		fail("The SSE stream ended", null);
	}

	private void fail(String message, @Nullable Throwable cause) {
		if (this.ended.compareAndSet(false, true)) {
			Flow.Subscription current = this.subscription;
			if (current != null) {
				current.cancel();
			}
			this.listener.error(new WsemClientException("transport", message, null, cause));
			this.listener.closed(new CloseStatus(1006, ""));
		}
	}

	/**
	 * The http(s) URI of a path below the server URI, keeping its query.
	 */
	static URI below(URI url, String path, @Nullable String query) {
		String scheme = url.getScheme().replaceFirst("^ws", "http");
		String base = (url.getRawPath() != null) ? url.getRawPath().replaceAll("/+$", "") : "";
		String raw = url.getRawQuery();
		String fullQuery = (raw != null) ? ((query != null) ? raw + "&" + query : raw) : query;
		return URI.create(
				scheme + "://" + url.getRawAuthority() + base + path + ((fullQuery != null) ? "?" + fullQuery : ""));
	}

}
