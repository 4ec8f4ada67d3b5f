package io.github.wsem.websocket;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link DecoratorFrameSender} on a session that sends at once.
 */
class DecoratorFrameSenderTests {

	private final List<String> sent = Collections.synchronizedList(new ArrayList<>());

	private final List<CloseStatus> closes = new CopyOnWriteArrayList<>();

	private volatile boolean failSends;

	private final WebSocketSession session = (WebSocketSession) Proxy.newProxyInstance(
			getClass().getClassLoader(), new Class<?>[] { WebSocketSession.class }, (proxy, method, args) -> {
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

	private final DecoratorFrameSender sender = new DecoratorFrameSender(this.session, 1024, 10_000,
			this.closes::add);

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
	void closesWithInternalErrorWhenASendFails() {
		this.sender.start();
		this.failSends = true;
		assertThat(this.sender.send(TextFrame.of("event"))).isFalse();
		assertThat(this.closes).extracting(CloseStatus::getCode).containsExactly(1011);
		assertThat(this.sender.isOpen()).isFalse();
	}

}
