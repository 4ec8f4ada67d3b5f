package io.github.wsem.websocket;

import io.github.wsem.core.ClientSession;
import io.github.wsem.core.OutboundEvent;
import io.github.wsem.core.Transport;

import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketSession;

/**
 * The {@link io.github.wsem.core.Client} of one WebSocket connection.
 */
final class WebSocketClientSession extends ClientSession {

	private static final int MAX_REASON_BYTES = 123;

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
		this.sender.send(TextFrame.of(text));
	}

	@Override
	protected void sendEvent(OutboundEvent event) {
		this.sender.enqueue(TextFrame.of(event));
	}

	@Override
	public boolean isOpen() {
		return this.sender.isOpen() && this.session.isOpen();
	}

	@Override
	protected void startSending() {
		this.sender.start();
	}

	@Override
	protected void closeConnection(int code, String reason) {
		this.sender.closeAfterFlush(new CloseStatus(code, truncate(reason)));
	}

	/**
	 * Cut a close reason to the 123 UTF-8 bytes a close frame holds, on a character
	 * boundary; the container refuses to close with a longer one.
	 */
	static String truncate(String reason) {
		int bytes = 0;
		for (int i = 0; i < reason.length();) {
			int codePoint = reason.codePointAt(i);
			bytes += (codePoint < 0x80) ? 1 : (codePoint < 0x800) ? 2 : (codePoint < 0x10000) ? 3 : 4;
			if (bytes > MAX_REASON_BYTES) {
				return reason.substring(0, i);
			}
			i += Character.charCount(codePoint);
		}
		return reason;
	}

	FrameAssembler assembler() {
		return this.assembler;
	}

	FrameSender sender() {
		return this.sender;
	}

}
