package io.github.wsem.websocket;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.function.BiFunction;

import io.github.wsem.outbound.OutboundQueue;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for an {@link OutboundQueue} on an {@link AsyncBatchWriter}, on a container whose
 * sends complete when the test says so.
 */
class AsyncBatchWriterTests {

	private final List<String> sent = Collections.synchronizedList(new ArrayList<>());

	private final List<SendHandler> handlers = new CopyOnWriteArrayList<>();

	private final List<Integer> closes = new CopyOnWriteArrayList<>();

	private final Map<String, Object> userProperties = new ConcurrentHashMap<>();

	/**
	 * Calls of the container's blocking send: frames, and batching switched on and off.
	 */
	private final List<String> blocking = Collections.synchronizedList(new ArrayList<>());

	private final Session session = proxy(Session.class, (method, args) -> switch (method) {
		case "getAsyncRemote" -> this.remote;
		case "getBasicRemote" -> this.basic;
		case "getUserProperties" -> this.userProperties;
		case "isOpen" -> true;
		default -> null;
	});

	private volatile boolean completeInline;

	private volatile @Nullable RuntimeException sendFailure;

	/** The container's asynchronous send: records each frame and completes when told. */
	private final RemoteEndpoint.Async remote = proxy(RemoteEndpoint.Async.class, (method, args) -> {
		switch (method) {
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

	/** The container's blocking send: records each frame and each batching switch. */
	private final RemoteEndpoint.Basic basic = proxy(RemoteEndpoint.Basic.class, (method, args) -> {
		switch (method) {
			case "sendText" -> {
				this.sent.add((String) args[0]);
				this.blocking.add((String) args[0]);
			}
			case "setBatchingAllowed" -> this.blocking.add("batching " + args[0]);
			default -> throw new UnsupportedOperationException(method);
		}
		return null;
	});

	@Test
	void writesWhatQueuedUpInOneBatchOnTheThreadThatCompletesTheSend() {
		OutboundQueue<TextFrame> sender = sender(100, 10_000, 1);
		sender.send(TextFrame.of("a"));
		sender.send(TextFrame.of("b"));
		sender.send(TextFrame.of("c"));
		assertThat(this.sent).containsExactly("a");
		complete(0);
		assertThat(this.sent).containsExactly("a", "b", "c");
		assertThat(this.blocking).containsExactly("batching true", "b", "c", "batching false");
		assertThat(this.userProperties).containsEntry(AsyncBatchWriter.BLOCKING_SEND_TIMEOUT, 10_000L);
	}

	@Test
	void sendsASingleQueuedFrameAsynchronously() {
		OutboundQueue<TextFrame> sender = sender(100, 10_000, 1);
		sender.send(TextFrame.of("a"));
		sender.send(TextFrame.of("b"));
		complete(0);
		assertThat(this.sent).containsExactly("a", "b");
		assertThat(this.blocking).isEmpty();
	}

	@Test
	void goesOnAsynchronouslyWhenNoBlockingWriterIsFree() {
		Semaphore writers = new Semaphore(1);
		OutboundQueue<TextFrame> sender = queue(writers, 100, 10_000);
		sender.start();
		sender.send(TextFrame.of("a"));
		sender.send(TextFrame.of("b"));
		sender.send(TextFrame.of("c"));
		writers.acquireUninterruptibly();
		complete(0);
		assertThat(this.sent).containsExactly("a", "b");
		complete(1);
		assertThat(this.sent).containsExactly("a", "b", "c");
		assertThat(this.blocking).isEmpty();
		assertThat(this.handlers).hasSize(3);
	}

	@Test
	void leavesTheBlockingSendTimeoutAloneForClientsThatNeverBatch() {
		OutboundQueue<TextFrame> sender = sender(100, 10_000, 1);
		sender.send(TextFrame.of("a"));
		complete(0);
		assertThat(this.userProperties).isEmpty();
	}

	@Test
	void holdsFramesUntilStarted() {
		OutboundQueue<TextFrame> sender = queue(new Semaphore(0), 100, 10_000);
		assertThat(sender.send(TextFrame.of("welcome"))).isTrue();
		assertThat(sender.send(TextFrame.of("event"))).isTrue();
		assertThat(this.sent).isEmpty();
		sender.start();
		assertThat(this.sent).containsExactly("welcome");
		complete(0);
		assertThat(this.sent).containsExactly("welcome", "event");
	}

	@Test
	void closesAfterStartWhenAskedBefore() {
		OutboundQueue<TextFrame> sender = queue(new Semaphore(0), 100, 10_000);
		sender.send(TextFrame.of("welcome"));
		sender.closeAfterFlush(1000, "");
		assertThat(this.closes).isEmpty();
		sender.start();
		complete(0);
		assertThat(this.closes).containsExactly(1000);
	}

	@Test
	void sendsOneFrameAtATimeInOrder() {
		OutboundQueue<TextFrame> sender = sender(100, 10_000);
		assertThat(sender.send(TextFrame.of("a"))).isTrue();
		assertThat(sender.send(TextFrame.of("b"))).isTrue();
		assertThat(sender.send(TextFrame.of("c"))).isTrue();
		assertThat(this.sent).containsExactly("a");
		complete(0);
		assertThat(this.sent).containsExactly("a", "b");
		complete(1);
		assertThat(this.sent).containsExactly("a", "b", "c");
	}

	@Test
	void sendsTheNextFrameWhenTheContainerCompletesInline() {
		this.completeInline = true;
		OutboundQueue<TextFrame> sender = sender(100, 10_000);
		for (int i = 0; i < 100_000; i++) {
			assertThat(sender.send(TextFrame.of(Integer.toString(i)))).isTrue();
		}
		assertThat(this.sent).hasSize(100_000).endsWith("99999");
		assertThat(this.closes).isEmpty();
	}

	@Test
	void acceptsAFrameLargerThanTheLimitWhenNothingIsBuffered() {
		OutboundQueue<TextFrame> sender = sender(4, 10_000);
		assertThat(sender.send(TextFrame.of("123456"))).isTrue();
		assertThat(this.closes).isEmpty();
	}

	@Test
	void freesTheBufferOfASentFrame() {
		OutboundQueue<TextFrame> sender = sender(10, 10_000);
		sender.send(TextFrame.of("123456"));
		complete(0);
		assertThat(sender.send(TextFrame.of("abcdef"))).isTrue();
		assertThat(this.closes).isEmpty();
	}

	@Test
	void closesWith1013WhenTheBufferPassesTheLimit() {
		OutboundQueue<TextFrame> sender = sender(10, 10_000);
		assertThat(sender.send(TextFrame.of("123456"))).isTrue();
		assertThat(sender.send(TextFrame.of("abcdef"))).isFalse();
		assertThat(this.closes).containsExactly(1013);
		assertThat(sender.isOpen()).isFalse();
		assertThat(sender.send(TextFrame.of("x"))).isFalse();
	}

	@Test
	void closesWith1013WhenAFrameInFlightPassesTheTimeLimit() {
		OutboundQueue<TextFrame> sender = sender(1_000_000, 50);
		sender.send(TextFrame.of("stuck"));
		await().atMost(Duration.ofSeconds(5)).until(() -> !sender.send(TextFrame.of("next")));
		assertThat(this.closes).containsExactly(1013);
	}

	@Test
	void closesWith1013WhenTheContainerReportsAFailedSend() {
		OutboundQueue<TextFrame> sender = sender(100, 10_000);
		sender.send(TextFrame.of("a"));
		this.handlers.get(0).onResult(new SendResult(this.session, new IOException("Broken pipe")));
		assertThat(this.closes).containsExactly(1013);
		assertThat(sender.isOpen()).isFalse();
	}

	@Test
	void closesWithInternalErrorWhenTheContainerRefusesASend() {
		this.sendFailure = new IllegalStateException("Wrong state");
		OutboundQueue<TextFrame> sender = sender(100, 10_000);
		assertThat(sender.send(TextFrame.of("a"))).isTrue();
		assertThat(this.closes).containsExactly(1011);
	}

	@Test
	void closesAfterTheQueuedFramesAreSent() {
		OutboundQueue<TextFrame> sender = sender(100, 10_000);
		sender.send(TextFrame.of("a"));
		sender.send(TextFrame.of("b"));
		sender.closeAfterFlush(1000, "");
		assertThat(sender.isOpen()).isFalse();
		assertThat(sender.send(TextFrame.of("c"))).isFalse();
		assertThat(this.closes).isEmpty();
		complete(0);
		assertThat(this.closes).isEmpty();
		complete(1);
		assertThat(this.sent).containsExactly("a", "b");
		assertThat(this.closes).containsExactly(1000);
	}

	@Test
	void closesAtOnceWhenNothingIsQueued() {
		OutboundQueue<TextFrame> sender = sender(100, 10_000);
		sender.closeAfterFlush(1008, "");
		assertThat(this.closes).containsExactly(1008);
	}

	@Test
	void closesOnlyOnce() {
		OutboundQueue<TextFrame> sender = sender(10, 10_000);
		sender.send(TextFrame.of("123456"));
		sender.send(TextFrame.of("abcdef"));
		sender.closeAfterFlush(1000, "");
		complete(0);
		assertThat(this.closes).containsExactly(1013);
	}

	/**
	 * A sender whose queue goes out frame by frame asynchronously (no blocking writer).
	 */
	private OutboundQueue<TextFrame> sender(long bufferLimit, long timeLimitMillis) {
		return sender(bufferLimit, timeLimitMillis, 0);
	}

	private OutboundQueue<TextFrame> sender(long bufferLimit, long timeLimitMillis, int blockingWriters) {
		OutboundQueue<TextFrame> sender = queue(new Semaphore(blockingWriters), bufferLimit, timeLimitMillis);
		sender.start();
		return sender;
	}

	private OutboundQueue<TextFrame> queue(Semaphore blockingWriters, long bufferLimit, long timeLimitMillis) {
		return new OutboundQueue<>(new AsyncBatchWriter(this.session, blockingWriters, timeLimitMillis),
				TextFrame::size,
				new OutboundQueue.Limits(bufferLimit, Duration.ofMillis(timeLimitMillis), 64, Integer.MAX_VALUE), null,
				false, (code, reason, writeFailed) -> this.closes.add(code));
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
