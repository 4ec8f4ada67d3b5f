package io.github.wsem.websocket;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Decoder;
import jakarta.websocket.Encoder;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.Extension;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.handler.ExceptionWebSocketHandlerDecorator;

/**
 * The container endpoint of one connection that {@link WebSocketUpgradeFilter} upgraded:
 * hands the container's events to wsem's {@link WebSocketHandler} the way Spring's
 * {@code StandardWebSocketHandlerAdapter} and {@link ExceptionWebSocketHandlerDecorator}
 * do, text and binary messages in parts (pongs are not handed on: wsem's handler ignores
 * them). It is its own {@link ServerEndpointConfig} and configurator, so that a
 * connection costs one object where Spring's handshake keeps an adapter, a registration
 * and a session.
 */
final class DirectEndpoint extends Endpoint implements MessageHandler.Partial<String> {

	private static final Log logger = LogFactory.getLog(DirectEndpoint.class);

	private final WebSocketHandler handler;

	private final DirectWebSocketSession session;

	DirectEndpoint(WebSocketHandler handler, DirectWebSocketSession session) {
		this.handler = handler;
		this.session = session;
	}

	@Override
	public void onOpen(Session nativeSession, EndpointConfig config) {
		this.session.open(nativeSession);
		nativeSession.addMessageHandler(String.class, this);
		nativeSession.addMessageHandler(ByteBuffer.class,
				(MessageHandler.Partial<ByteBuffer>) (bytes, last) -> handle(new BinaryMessage(bytes, last)));
		try {
			this.handler.afterConnectionEstablished(this.session);
		}
		catch (Exception ex) {
			ExceptionWebSocketHandlerDecorator.tryCloseWithError(this.session, ex, logger);
		}
	}

	@Override
	public void onMessage(String text, boolean last) {
		handle(new TextMessage(text, last));
	}

	private void handle(WebSocketMessage<?> message) {
		try {
			this.handler.handleMessage(this.session, message);
		}
		catch (Exception ex) {
			ExceptionWebSocketHandlerDecorator.tryCloseWithError(this.session, ex, logger);
		}
	}

	@Override
	public void onClose(Session nativeSession, CloseReason reason) {
		CloseStatus status = new CloseStatus(reason.getCloseCode().getCode(), reason.getReasonPhrase());
		try {
			this.handler.afterConnectionClosed(this.session, status);
		}
		catch (Exception ex) {
			logger.warn("Unhandled on-close exception for " + this.session, ex);
		}
	}

	@Override
	public void onError(Session nativeSession, Throwable exception) {
		try {
			this.handler.handleTransportError(this.session, exception);
		}
		catch (Exception ex) {
			ExceptionWebSocketHandlerDecorator.tryCloseWithError(this.session, ex, logger);
		}
	}

	/**
	 * The configuration of one connection: its endpoint, the subprotocol wsem selected,
	 * and the container's own negotiation of everything else.
	 */
	static final class Config extends ServerEndpointConfig.Configurator implements ServerEndpointConfig {

		private final String path;

		private final DirectEndpoint endpoint;

		private final List<String> subprotocols;

		Config(String path, DirectEndpoint endpoint, List<String> subprotocols) {
			this.path = path;
			this.endpoint = endpoint;
			this.subprotocols = subprotocols;
		}

		@Override
		public Class<?> getEndpointClass() {
			return DirectEndpoint.class;
		}

		@Override
		public String getPath() {
			return this.path;
		}

		@Override
		public List<String> getSubprotocols() {
			return this.subprotocols;
		}

		@Override
		public List<Extension> getExtensions() {
			return List.of();
		}

		@Override
		public Configurator getConfigurator() {
			return this;
		}

		@Override
		public List<Class<? extends Encoder>> getEncoders() {
			return List.of();
		}

		@Override
		public List<Class<? extends Decoder>> getDecoders() {
			return List.of();
		}

		@Override
		public Map<String, Object> getUserProperties() {
			return Map.of();
		}

		@Override
		@SuppressWarnings("unchecked")
		public <T> T getEndpointInstance(Class<T> endpointClass) {
			return (T) this.endpoint;
		}

		@Override
		public List<Extension> getNegotiatedExtensions(List<Extension> installed, List<Extension> requested) {
			return requested.isEmpty() ? List.of() : super.getNegotiatedExtensions(installed, requested);
		}

		@Override
		public boolean checkOrigin(String originHeaderValue) {
			return true;
		}

		@Override
		public void modifyHandshake(ServerEndpointConfig config, HandshakeRequest request, HandshakeResponse response) {
			this.endpoint.session.handshake(request.getHeaders());
		}

	}

}
