package io.github.wsem.websocket;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

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

	private volatile boolean overflowed;

	/** Frames sent before {@link #start()}; guarded by this. */
	private @Nullable List<String> held = new ArrayList<>();

	DecoratorFrameSender(WebSocketSession session, int bufferLimit, int timeLimitMillis, Closer closer) {
		this.session = new ConcurrentWebSocketSessionDecorator(session, timeLimitMillis, bufferLimit);
		this.closer = closer;
	}

	@Override
	public synchronized void start() {
		List<String> held = this.held;
		this.held = null;
		if (held != null) {
			held.forEach(this::sendNow);
		}
	}

	@Override
	public boolean send(TextFrame frame) {
		String text = frame.text();
		if (!this.open) {
			return false;
		}
		synchronized (this) {
			if (this.held != null) {
				this.held.add(text);
				return true;
			}
		}
		return sendNow(text);
	}

	private boolean sendNow(String text) {
		if (!this.open) {
			return false;
		}
		try {
			this.session.sendMessage(new TextMessage(text));
			return true;
		}
		catch (SessionLimitExceededException ex) {
			this.overflowed = true;
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

	/**
	 * The decorator does not say how many frames it held: only the refused one is
	 * counted.
	 */
	@Override
	public int overflowDropped() {
		return this.overflowed ? 1 : -1;
	}

}
