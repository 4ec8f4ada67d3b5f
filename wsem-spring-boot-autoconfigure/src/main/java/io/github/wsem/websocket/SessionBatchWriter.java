package io.github.wsem.websocket;

import java.io.IOException;
import java.util.List;

import io.github.wsem.outbound.BatchWriter;

import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;

/**
 * Writes frames with Spring's blocking {@link WebSocketSession#sendMessage}, for sessions
 * without the container's WebSocket API (Jetty); the queue calls it on its executor, one
 * batch at a time, so the session is never written concurrently.
 */
final class SessionBatchWriter implements BatchWriter<TextFrame> {

	private final WebSocketSession session;

	SessionBatchWriter(WebSocketSession session) {
		this.session = session;
	}

	@Override
	public boolean isOpen() {
		return this.session.isOpen();
	}

	@Override
	public boolean write(List<TextFrame> frames, Completion completion) throws IOException {
		for (TextFrame frame : frames) {
			this.session.sendMessage(new TextMessage(frame.text()));
		}
		return true;
	}

}
