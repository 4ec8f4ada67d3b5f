package io.github.wsem.websocket;

import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketHttpHeaders;
import org.springframework.web.socket.server.HandshakeInterceptor;

/**
 * Refuses with HTTP 400 a handshake that offers subprotocols, none of them supported,
 * instead of upgrading without one.
 */
final class SubprotocolInterceptor implements HandshakeInterceptor {

	private final Subprotocols supported;

	SubprotocolInterceptor(Subprotocols supported) {
		this.supported = supported;
	}

	@Override
	public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
			Map<String, Object> attributes) {
		List<String> offered = Subprotocols
			.tokens(request.getHeaders().getOrEmpty(WebSocketHttpHeaders.SEC_WEBSOCKET_PROTOCOL));
		if (offered.isEmpty() || this.supported.select(offered) != null) {
			return true;
		}
		response.setStatusCode(HttpStatus.BAD_REQUEST);
		return false;
	}

	@Override
	public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
			Exception exception) {
	}

}
