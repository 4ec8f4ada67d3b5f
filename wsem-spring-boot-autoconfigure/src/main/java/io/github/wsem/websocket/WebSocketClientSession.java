package io.github.wsem.websocket;

import io.github.wsem.core.ClientSession;
import io.github.wsem.core.OutboundEvent;
import io.github.wsem.core.OutboundText;
import io.github.wsem.core.Transport;
import io.github.wsem.outbound.OutboundQueue;

import java.util.function.Supplier;

import org.springframework.http.HttpHeaders;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketSession;

/**
 * The {@link io.github.wsem.core.Client} of one WebSocket connection.
 */
final class WebSocketClientSession extends ClientSession {

	private static final int MAX_REASON_BYTES = 123;

	private final WebSocketSession session;

	private final WsemWebSocketHandler handler;

	private final OutboundQueue<TextFrame> queue;

	private final FrameAssembler assembler;

	WebSocketClientSession(String id, WebSocketSession session, WsemWebSocketHandler handler, long maxFrameSize) {
		super(id, Transport.WEBSOCKET, session.getPrincipal(), headers(session), session.getAttributes());
		this.session = session;
		this.handler = handler;
		this.queue = handler.createQueue(session, this::closedByQueue);
		this.assembler = new FrameAssembler(maxFrameSize);
	}

	private static Supplier<HttpHeaders> headers(WebSocketSession session) {
		if (session instanceof DirectWebSocketSession direct) {
			return direct::getHandshakeHeaders;
		}
		HttpHeaders headers = session.getHandshakeHeaders();
		return () -> HttpHeaders.readOnlyHttpHeaders(headers);
	}

	@Override
	public void sendText(String text) {
		this.queue.send(TextFrame.of(text));
	}

	@Override
	protected void sendShared(OutboundText text) {
		this.queue.send(TextFrame.of(text));
	}

	@Override
	protected void sendEvent(OutboundEvent event) {
		this.queue.enqueue(TextFrame.of(event));
	}

	@Override
	public boolean isOpen() {
		return this.queue.isOpen() && this.session.isOpen();
	}

	@Override
	protected void startSending() {
		this.queue.start();
	}

	/**
	 * The queue ends the connection: it could not keep up, a write failed, or the frames
	 * before a close are written.
	 */
	private void closedByQueue(int code, String reason, boolean writeFailed) {
		this.handler.close(this, this.session, new CloseStatus(code, reason));
	}

	@Override
	protected void closeConnection(int code, String reason) {
		this.queue.closeAfterFlush(code, truncate(reason));
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

	OutboundQueue<TextFrame> queue() {
		return this.queue;
	}

}
