package io.github.wsem.websocket;

import java.util.Map;
import java.util.function.IntSupplier;

import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;

/**
 * Refuses a handshake with HTTP 503, before the upgrade, while the node has its maximum
 * of WebSocket connections.
 */
final class ConnectionLimitInterceptor implements HandshakeInterceptor {

	private final IntSupplier connections;

	private final int max;

	ConnectionLimitInterceptor(IntSupplier connections, int max) {
		this.connections = connections;
		this.max = max;
	}

	@Override
	public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
			Map<String, Object> attributes) {
		if (this.connections.getAsInt() < this.max) {
			return true;
		}
		response.setStatusCode(HttpStatus.SERVICE_UNAVAILABLE);
		response.getHeaders().set("Retry-After", "5");
		return false;
	}

	@Override
	public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
			Exception exception) {
	}

}
