package io.github.wsem.websocket;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.support.DefaultHandshakeHandler;

/**
 * Selects the first of the endpoint's subprotocols that the client offers, compared
 * case-insensitively; Spring's own selection goes by the client's order and needs the
 * configured token in lower case.
 */
final class SubprotocolHandshakeHandler extends DefaultHandshakeHandler {

	private final Subprotocols subprotocols;

	SubprotocolHandshakeHandler(Subprotocols subprotocols) {
		this.subprotocols = subprotocols;
	}

	@Override
	protected @Nullable String selectProtocol(List<String> requestedProtocols, WebSocketHandler webSocketHandler) {
		return this.subprotocols.select(Subprotocols.tokens(requestedProtocols));
	}

}
