package io.github.wsem.websocket;

import java.io.IOException;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.ConcurrentWebSocketSessionDecorator;
import org.springframework.web.socket.handler.SessionLimitExceededException;

/**
 * A {@link FrameSender} on Spring's {@link ConcurrentWebSocketSessionDecorator}, for
 * sessions that do not expose the container's asynchronous send.
 */
final class DecoratorFrameSender implements FrameSender {

	private static final Log logger = LogFactory.getLog(DecoratorFrameSender.class);

	private final ConcurrentWebSocketSessionDecorator session;

	private final Closer closer;

	private volatile boolean open = true;

	DecoratorFrameSender(WebSocketSession session, int bufferLimit, int timeLimitMillis, Closer closer) {
		this.session = new ConcurrentWebSocketSessionDecorator(session, timeLimitMillis, bufferLimit);
		this.closer = closer;
	}

	@Override
	public boolean send(String text) {
		if (!this.open) {
			return false;
		}
		try {
			this.session.sendMessage(new TextMessage(text));
			return true;
		}
		catch (SessionLimitExceededException ex) {
			this.open = false;
			this.closer.close(new CloseStatus(1013, "Send buffer overflow"));
		}
		catch (IOException | RuntimeException ex) {
			logger.debug("Send failed", ex);
			this.open = false;
			this.closer.close(CloseStatus.SERVER_ERROR);
		}
		return false;
	}

	@Override
	public void closeAfterFlush(CloseStatus status) {
		this.open = false;
		this.closer.close(status);
	}

	@Override
	public boolean isOpen() {
		return this.open;
	}

}
