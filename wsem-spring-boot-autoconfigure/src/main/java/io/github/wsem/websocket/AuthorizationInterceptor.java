package io.github.wsem.websocket;

import java.util.Map;

import io.github.wsem.core.ClientHub;
import io.github.wsem.core.Handshake;
import io.github.wsem.core.Transport;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;

/**
 * Refuses with HTTP 403, before the upgrade, a handshake that the
 * {@link io.github.wsem.core.WsemAuthorizer} does not allow.
 */
final class AuthorizationInterceptor implements HandshakeInterceptor {

	private final ClientHub hub;

	AuthorizationInterceptor(ClientHub hub) {
		this.hub = hub;
	}

	@Override
	public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
			Map<String, Object> attributes) {
		if (!this.hub.checksConnect()) {
			return true;
		}
		Handshake handshake = new Handshake(Transport.WEBSOCKET, request.getURI(),
				HttpHeaders.readOnlyHttpHeaders(request.getHeaders()), request.getPrincipal(),
				request.getRemoteAddress(), attributes);
		if (this.hub.authorizeConnect(handshake)) {
			return true;
		}
		response.setStatusCode(HttpStatus.FORBIDDEN);
		return false;
	}

	@Override
	public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
			Exception exception) {
	}

}
