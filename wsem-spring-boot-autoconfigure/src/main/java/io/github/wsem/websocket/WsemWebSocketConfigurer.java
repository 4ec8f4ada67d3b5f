package io.github.wsem.websocket;

import java.util.List;

import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;

/**
 * Registers the {@link WsemWebSocketHandler} at the configured endpoint, with the origin
 * rule and subprotocol check of the wire protocol and the
 * {@link io.github.wsem.core.WsemAuthorizer}'s decision on the handshake.
 */
public final class WsemWebSocketConfigurer implements WebSocketConfigurer {

	private final WsemWebSocketHandler handler;

	private final String endpoint;

	private final List<String> allowedOriginPatterns;

	private final int maxConnections;

	/**
	 * Create a configurer.
	 * @param handler the handler
	 * @param endpoint the endpoint path
	 * @param allowedOriginPatterns origin patterns allowed besides the same origin
	 * @param maxConnections the most WebSocket connections of this node
	 */
	public WsemWebSocketConfigurer(WsemWebSocketHandler handler, String endpoint, List<String> allowedOriginPatterns,
			int maxConnections) {
		this.handler = handler;
		this.endpoint = endpoint;
		this.allowedOriginPatterns = List.copyOf(allowedOriginPatterns);
		this.maxConnections = maxConnections;
	}

	@Override
	public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
		Subprotocols subprotocols = new Subprotocols(this.handler.getSubProtocols());
		registry.addHandler(this.handler, this.endpoint)
			.setHandshakeHandler(new SubprotocolHandshakeHandler(subprotocols))
			.addInterceptors(new ConnectionLimitInterceptor(this.handler::connectionCount, this.maxConnections),
					new SubprotocolInterceptor(subprotocols), new AuthorizationInterceptor(this.handler.hub()))
			.setAllowedOriginPatterns(this.allowedOriginPatterns.toArray(String[]::new));
	}

}
