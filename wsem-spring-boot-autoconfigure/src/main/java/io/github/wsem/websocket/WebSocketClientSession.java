package io.github.wsem.websocket;

import io.github.wsem.core.ClientSession;
import io.github.wsem.core.Transport;

import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketSession;

/**
 * The {@link io.github.wsem.core.Client} of one WebSocket connection.
 */
final class WebSocketClientSession extends ClientSession {

	private final WebSocketSession session;

	private final FrameSender sender;

	private final FrameAssembler assembler;

	WebSocketClientSession(String id, WebSocketSession session, FrameSender sender, long maxFrameSize) {
		super(id, Transport.WEBSOCKET, session.getPrincipal(), session.getHandshakeHeaders(),
				session.getAttributes());
		this.session = session;
		this.sender = sender;
		this.assembler = new FrameAssembler(maxFrameSize);
	}

	@Override
	public void sendText(String text) {
		this.sender.send(text);
	}

	@Override
	public boolean isOpen() {
		return this.sender.isOpen() && this.session.isOpen();
	}

	@Override
	protected void closeConnection(int code, String reason) {
		this.sender.closeAfterFlush(new CloseStatus(code, reason));
	}

	FrameAssembler assembler() {
		return this.assembler;
	}

}
