package io.github.wsem.core;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every recipient of a message shares each of its renderings, made once by the first.
 */
class RenderingsTests {

	private final Renderings renderings = new Renderings();

	@Test
	void makesEachRenderingOnceAndSharesIt() {
		AtomicInteger made = new AtomicInteger();
		Object first = this.renderings.get("frame", "a",
				(source) -> new StringBuilder(source + made.incrementAndGet()));
		Object again = this.renderings.get("frame", "a", (source) -> new StringBuilder("other"));
		Object sse = this.renderings.get("sse", "a", (source) -> new StringBuilder(source + made.incrementAndGet()));
		Object sseAgain = this.renderings.get("sse", "a", (source) -> new StringBuilder("other"));
		Object third = this.renderings.get("text", "a", (source) -> new StringBuilder(source + made.incrementAndGet()));
		assertThat(again).isSameAs(first);
		assertThat(sseAgain).isSameAs(sse);
		assertThat(List.of(first, sse, third)).extracting(Object::toString).containsExactly("a1", "a2", "a3");
		Object firstAgain = this.renderings.get("frame", "a", (source) -> "other");
		Object thirdAgain = this.renderings.get("text", "a", (source) -> "other");
		assertThat(firstAgain).isSameAs(first);
		assertThat(thirdAgain).isSameAs(third);
	}

	@Test
	void recipientsAskingAtOnceShareOneRendering() throws Exception {
		AtomicInteger made = new AtomicInteger();
		CountDownLatch start = new CountDownLatch(1);
		List<CompletableFuture<Object>> asks = new ArrayList<>();
		for (int i = 0; i < 8; i++) {
			String key = (i % 2 == 0) ? "frame" : "sse";
			asks.add(CompletableFuture.supplyAsync(() -> {
				await(start);
				return this.renderings.get(key, "a", (source) -> {
					made.incrementAndGet();
					return new Object();
				});
			}));
		}
		start.countDown();
		List<Object> rendered = new ArrayList<>();
		for (CompletableFuture<Object> ask : asks) {
			rendered.add(ask.get());
		}
		assertThat(made).hasValue(2);
		for (int i = 2; i < rendered.size(); i++) {
			assertThat(rendered.get(i)).isSameAs(rendered.get(i % 2));
		}
	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
