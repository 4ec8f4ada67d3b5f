package io.github.wsem.websocket;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.wsem.outbound.OutboundQueue;
import org.junit.jupiter.api.Test;

import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for an {@link OutboundQueue} on a {@link SessionBatchWriter}, on a session that
 * sends at once and an executor that runs at once.
 */
class SessionBatchWriterTests {

	private final List<String> sent = Collections.synchronizedList(new ArrayList<>());

	private final List<Integer> closes = new CopyOnWriteArrayList<>();

	private volatile boolean failSends;

	private final WebSocketSession session = (WebSocketSession) Proxy.newProxyInstance(getClass().getClassLoader(),
			new Class<?>[] { WebSocketSession.class }, (proxy, method, args) -> {
				switch (method.getName()) {
					case "sendMessage" -> {
						if (this.failSends) {
							throw new IOException("Broken pipe");
						}
						this.sent.add(((TextMessage) args[0]).getPayload());
						return null;
					}
					case "isOpen" -> {
						return true;
					}
					case "getId" -> {
						return "1";
					}
					default -> {
						return null;
					}
				}
			});

	private final OutboundQueue<TextFrame> sender = new OutboundQueue<>(new SessionBatchWriter(this.session),
			TextFrame::size, new OutboundQueue.Limits(1024, Duration.ofSeconds(10), 64, 64 * 1024), Runnable::run, true,
			(code, reason, writeFailed) -> this.closes.add(code));

	@Test
	void holdsFramesUntilStarted() {
		assertThat(this.sender.send(TextFrame.of("welcome"))).isTrue();
		assertThat(this.sender.send(TextFrame.of("event"))).isTrue();
		assertThat(this.sent).isEmpty();
		this.sender.start();
		assertThat(this.sent).containsExactly("welcome", "event");
	}

	@Test
	void sendsAtOnceOnceStarted() {
		this.sender.start();
		assertThat(this.sender.send(TextFrame.of("event"))).isTrue();
		assertThat(this.sent).containsExactly("event");
	}

	@Test
	void closesWith1013WhenASendFails() {
		this.sender.start();
		this.failSends = true;
		this.sender.send(TextFrame.of("event"));
		assertThat(this.closes).containsExactly(1013);
		assertThat(this.sender.isOpen()).isFalse();
	}

}
