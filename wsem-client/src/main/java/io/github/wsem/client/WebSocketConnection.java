package io.github.wsem.client;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A connection over the JDK's {@link WebSocket}, offering the {@code wsem.v1}
 * subprotocol. The JDK allows one outstanding send at a time, so sends are chained.
 */
final class WebSocketConnection implements Connection, WebSocket.Listener {

	private final Listener listener;

	private final AtomicBoolean ended = new AtomicBoolean();

	private final StringBuilder message = new StringBuilder();

	private CompletableFuture<WebSocket> tail;

	WebSocketConnection(HttpClient http, URI uri, Map<String, String> headers, Duration connectTimeout,
			Listener listener) {
		this.listener = listener;
		WebSocket.Builder builder = http.newWebSocketBuilder().connectTimeout(connectTimeout).subprotocols("wsem.v1");
		headers.forEach(builder::header);
		this.tail = builder.buildAsync(uri, this).whenComplete((socket, ex) -> {
			if (ex != null) {
				fail("Cannot connect to " + uri + ": " + cause(ex), cause(ex));
			}
		});
	}

	@Override
	public synchronized void send(String frame) {
		this.tail = this.tail.thenCompose((socket) -> socket.sendText(frame, true)).whenComplete((socket, ex) -> {
			if (ex != null) {
				fail("Cannot send: " + cause(ex), cause(ex));
			}
		});
	}

	@Override
	public synchronized void close(int code, String reason) {
		this.ended.set(true);
		this.tail.thenCompose((socket) -> socket.sendClose(code, reason))
			.orTimeout(1, TimeUnit.SECONDS)
			.whenComplete((socket, ex) -> {
				if (ex != null) {
					this.tail.thenAccept(WebSocket::abort);
				}
			});
	}

	@Override
	public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
		this.message.append(data);
		if (last) {
			String text = this.message.toString();
			this.message.setLength(0);
			if (!this.ended.get()) {
				this.listener.message(text);
			}
		}
		socket.request(1);
		return null;
	}

	@Override
	public CompletionStage<?> onBinary(WebSocket socket, ByteBuffer data, boolean last) {
		if (last && !this.ended.get()) {
			this.listener.error(new WsemClientException("bad_frame", "A binary frame, which wsem does not send"));
		}
		socket.request(1);
		return null;
	}

	@Override
	public CompletionStage<?> onClose(WebSocket socket, int statusCode, String reason) {
		if (this.ended.compareAndSet(false, true)) {
			this.listener.closed(new CloseStatus(statusCode, reason));
		}
		return null;
	}

	@Override
	public void onError(WebSocket socket, Throwable error) {
		fail("WebSocket error: " + error.getMessage(), error);
	}

	private void fail(String message, Throwable cause) {
		if (this.ended.compareAndSet(false, true)) {
			this.listener.error(new WsemClientException("transport", message, null, cause));
			this.listener.closed(new CloseStatus(1006, ""));
		}
	}

	private static Throwable cause(Throwable ex) {
		return (ex instanceof CompletionException && ex.getCause() != null) ? ex.getCause() : ex;
	}

}
