package io.github.wsem.websocket;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;

import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.web.socket.CloseStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link AsyncFrameSender} on a container whose sends complete when the
 * test says so.
 */
class AsyncFrameSenderTests {

	private final List<String> sent = Collections.synchronizedList(new ArrayList<>());

	private final List<SendHandler> handlers = new CopyOnWriteArrayList<>();

	private final List<CloseStatus> closes = new CopyOnWriteArrayList<>();

	private final Session session = proxy(Session.class, (method, args) -> null);

	private final AtomicLong sendTimeout = new AtomicLong();

	private volatile boolean completeInline;

	private volatile @Nullable RuntimeException sendFailure;

	/** The container's asynchronous send: records each frame and completes when told. */
	private final RemoteEndpoint.Async remote = proxy(RemoteEndpoint.Async.class, (method, args) -> {
		switch (method) {
			case "setSendTimeout" -> this.sendTimeout.set((Long) args[0]);
			case "sendText" -> {
				RuntimeException failure = this.sendFailure;
				if (failure != null) {
					throw failure;
				}
				this.sent.add((String) args[0]);
				SendHandler handler = (SendHandler) args[1];
				if (this.completeInline) {
					handler.onResult(new SendResult(this.session));
				}
				else {
					this.handlers.add(handler);
				}
			}
			default -> throw new UnsupportedOperationException(method);
		}
		return null;
	});

	@Test
	void setsTheContainersSendTimeoutToTheTimeLimit() {
		sender(100, 5000);
		assertThat(this.sendTimeout).hasValue(5000);
	}

	@Test
	void holdsFramesUntilStarted() {
		AsyncFrameSender sender = new AsyncFrameSender(this.remote, 100, 10_000, this.closes::add);
		assertThat(sender.send("welcome")).isTrue();
		assertThat(sender.send("event")).isTrue();
		assertThat(this.sent).isEmpty();
		sender.start();
		assertThat(this.sent).containsExactly("welcome");
		complete(0);
		assertThat(this.sent).containsExactly("welcome", "event");
	}

	@Test
	void closesAfterStartWhenAskedBefore() {
		AsyncFrameSender sender = new AsyncFrameSender(this.remote, 100, 10_000, this.closes::add);
		sender.send("welcome");
		sender.closeAfterFlush(CloseStatus.NORMAL);
		assertThat(this.closes).isEmpty();
		sender.start();
		complete(0);
		assertThat(this.closes).containsExactly(CloseStatus.NORMAL);
	}

	@Test
	void sendsOneFrameAtATimeInOrder() {
		AsyncFrameSender sender = sender(100, 10_000);
		assertThat(sender.send("a")).isTrue();
		assertThat(sender.send("b")).isTrue();
		assertThat(sender.send("c")).isTrue();
		assertThat(this.sent).containsExactly("a");
		complete(0);
		assertThat(this.sent).containsExactly("a", "b");
		complete(1);
		assertThat(this.sent).containsExactly("a", "b", "c");
	}

	@Test
	void sendsTheNextFrameWhenTheContainerCompletesInline() {
		this.completeInline = true;
		AsyncFrameSender sender = sender(100, 10_000);
		for (int i = 0; i < 100_000; i++) {
			assertThat(sender.send(Integer.toString(i))).isTrue();
		}
		assertThat(this.sent).hasSize(100_000).endsWith("99999");
		assertThat(this.closes).isEmpty();
	}

	@Test
	void acceptsAFrameLargerThanTheLimitWhenNothingIsBuffered() {
		AsyncFrameSender sender = sender(4, 10_000);
		assertThat(sender.send("123456")).isTrue();
		assertThat(this.closes).isEmpty();
	}

	@Test
	void freesTheBufferOfASentFrame() {
		AsyncFrameSender sender = sender(10, 10_000);
		sender.send("123456");
		complete(0);
		assertThat(sender.send("abcdef")).isTrue();
		assertThat(this.closes).isEmpty();
	}

	@Test
	void closesWith1013WhenTheBufferPassesTheLimit() {
		AsyncFrameSender sender = sender(10, 10_000);
		assertThat(sender.send("123456")).isTrue();
		assertThat(sender.send("abcdef")).isFalse();
		assertThat(this.closes).extracting(CloseStatus::getCode).containsExactly(1013);
		assertThat(sender.isOpen()).isFalse();
		assertThat(sender.send("x")).isFalse();
	}

	@Test
	void closesWith1013WhenAFrameInFlightPassesTheTimeLimit() {
		AsyncFrameSender sender = sender(1_000_000, 50);
		sender.send("stuck");
		await().atMost(Duration.ofSeconds(5)).until(() -> !sender.send("next"));
		assertThat(this.closes).extracting(CloseStatus::getCode).containsExactly(1013);
	}

	@Test
	void closesWith1013WhenTheContainerReportsAFailedSend() {
		AsyncFrameSender sender = sender(100, 10_000);
		sender.send("a");
		this.handlers.get(0).onResult(new SendResult(this.session, new IOException("Broken pipe")));
		assertThat(this.closes).extracting(CloseStatus::getCode).containsExactly(1013);
		assertThat(sender.isOpen()).isFalse();
	}

	@Test
	void closesWithInternalErrorWhenTheContainerRefusesASend() {
		this.sendFailure = new IllegalStateException("Wrong state");
		AsyncFrameSender sender = sender(100, 10_000);
		assertThat(sender.send("a")).isTrue();
		assertThat(this.closes).extracting(CloseStatus::getCode).containsExactly(1011);
	}

	@Test
	void closesAfterTheQueuedFramesAreSent() {
		AsyncFrameSender sender = sender(100, 10_000);
		sender.send("a");
		sender.send("b");
		sender.closeAfterFlush(CloseStatus.NORMAL);
		assertThat(sender.isOpen()).isFalse();
		assertThat(sender.send("c")).isFalse();
		assertThat(this.closes).isEmpty();
		complete(0);
		assertThat(this.closes).isEmpty();
		complete(1);
		assertThat(this.sent).containsExactly("a", "b");
		assertThat(this.closes).containsExactly(CloseStatus.NORMAL);
	}

	@Test
	void closesAtOnceWhenNothingIsQueued() {
		AsyncFrameSender sender = sender(100, 10_000);
		sender.closeAfterFlush(CloseStatus.POLICY_VIOLATION);
		assertThat(this.closes).containsExactly(CloseStatus.POLICY_VIOLATION);
	}

	@Test
	void closesOnlyOnce() {
		AsyncFrameSender sender = sender(10, 10_000);
		sender.send("123456");
		sender.send("abcdef");
		sender.closeAfterFlush(CloseStatus.NORMAL);
		complete(0);
		assertThat(this.closes).extracting(CloseStatus::getCode).containsExactly(1013);
	}

	private AsyncFrameSender sender(long bufferLimit, long timeLimitMillis) {
		AsyncFrameSender sender = new AsyncFrameSender(this.remote, bufferLimit, timeLimitMillis, this.closes::add);
		sender.start();
		return sender;
	}

	private void complete(int index) {
		this.handlers.get(index).onResult(new SendResult(this.session));
	}

	@SuppressWarnings("unchecked")
	private static <T> T proxy(Class<T> type, BiFunction<String, Object[], @Nullable Object> behaviour) {
		return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] { type },
				(proxy, method, args) -> behaviour.apply(method.getName(), args));
	}

}
