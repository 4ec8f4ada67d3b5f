package io.github.wsem.websocket;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.Principal;
import java.util.List;
import java.util.Map;

import jakarta.websocket.CloseReason;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.Session;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.PingMessage;
import org.springframework.web.socket.PongMessage;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketExtension;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.adapter.NativeWebSocketSession;
import org.springframework.web.socket.adapter.standard.StandardToWebSocketExtensionAdapter;

/**
 * The {@link WebSocketSession} of a connection that {@link WebSocketUpgradeFilter}
 * upgraded: a thin view of the container's session. It keeps the attributes and the
 * principal of the handshake, and of its headers only the container's own map (Tomcat
 * keeps it for the connection anyway), turned into {@link HttpHeaders} the first time
 * they are asked for. The addresses are not kept; wsem does not use them.
 */
final class DirectWebSocketSession implements WebSocketSession, NativeWebSocketSession {

	private final Map<String, Object> attributes;

	private final @Nullable Principal principal;

	private volatile @Nullable Map<String, List<String>> headerSource;

	private volatile @Nullable HttpHeaders headers;

	private volatile @Nullable Session session;

	DirectWebSocketSession(Map<String, Object> attributes, @Nullable Principal principal) {
		this.attributes = attributes;
		this.principal = principal;
	}

	/**
	 * Keep the container's map of the handshake's headers.
	 * @param headers the map, read-only
	 */
	void handshake(Map<String, List<String>> headers) {
		this.headerSource = headers;
	}

	void open(Session session) {
		this.session = session;
	}

	private Session session() {
		Session session = this.session;
		if (session == null) {
			throw new IllegalStateException("WebSocket session not yet open");
		}
		return session;
	}

	@Override
	public String getId() {
		return session().getId();
	}

	@Override
	public @Nullable URI getUri() {
		return session().getRequestURI();
	}

	@Override
	public HttpHeaders getHandshakeHeaders() {
		HttpHeaders headers = this.headers;
		if (headers == null) {
			HttpHeaders built = new HttpHeaders();
			Map<String, List<String>> source = this.headerSource;
			if (source != null) {
				source.forEach((name, values) -> values.forEach((value) -> built.add(name, value)));
			}
			headers = HttpHeaders.readOnlyHttpHeaders(built);
			this.headers = headers;
			this.headerSource = null;
		}
		return headers;
	}

	@Override
	public Map<String, Object> getAttributes() {
		return this.attributes;
	}

	@Override
	public @Nullable Principal getPrincipal() {
		return this.principal;
	}

	@Override
	public @Nullable InetSocketAddress getLocalAddress() {
		return null;
	}

	@Override
	public @Nullable InetSocketAddress getRemoteAddress() {
		return null;
	}

	@Override
	public @Nullable String getAcceptedProtocol() {
		return session().getNegotiatedSubprotocol();
	}

	@Override
	public void setTextMessageSizeLimit(int messageSizeLimit) {
		session().setMaxTextMessageBufferSize(messageSizeLimit);
	}

	@Override
	public int getTextMessageSizeLimit() {
		return session().getMaxTextMessageBufferSize();
	}

	@Override
	public void setBinaryMessageSizeLimit(int messageSizeLimit) {
		session().setMaxBinaryMessageBufferSize(messageSizeLimit);
	}

	@Override
	public int getBinaryMessageSizeLimit() {
		return session().getMaxBinaryMessageBufferSize();
	}

	@Override
	public List<WebSocketExtension> getExtensions() {
		return session().getNegotiatedExtensions()
			.stream()
			.<WebSocketExtension>map(StandardToWebSocketExtensionAdapter::new)
			.toList();
	}

	@Override
	public void sendMessage(WebSocketMessage<?> message) throws IOException {
		RemoteEndpoint.Basic remote = session().getBasicRemote();
		if (message instanceof TextMessage text) {
			remote.sendText(text.getPayload(), text.isLast());
		}
		else if (message instanceof BinaryMessage binary) {
			remote.sendBinary(binary.getPayload(), binary.isLast());
		}
		else if (message instanceof PingMessage ping) {
			remote.sendPing(ping.getPayload());
		}
		else if (message instanceof PongMessage pong) {
			remote.sendPong(pong.getPayload());
		}
		else {
			throw new IllegalStateException("Unexpected WebSocketMessage type: " + message);
		}
	}

	@Override
	public boolean isOpen() {
		Session session = this.session;
		return session != null && session.isOpen();
	}

	@Override
	public void close() throws IOException {
		close(CloseStatus.NORMAL);
	}

	@Override
	public void close(CloseStatus status) throws IOException {
		session().close(new CloseReason(CloseReason.CloseCodes.getCloseCode(status.getCode()), status.getReason()));
	}

	@Override
	public Object getNativeSession() {
		return session();
	}

	@Override
	@SuppressWarnings("unchecked")
	public <T> @Nullable T getNativeSession(@Nullable Class<T> requiredType) {
		Session session = this.session;
		return (requiredType == null || requiredType.isInstance(session)) ? (T) session : null;
	}

	@Override
	public String toString() {
		Session session = this.session;
		return "DirectWebSocketSession[id=" + ((session != null) ? session.getId() : null) + "]";
	}

}
