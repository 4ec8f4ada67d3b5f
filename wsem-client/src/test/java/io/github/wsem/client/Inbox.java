package io.github.wsem.client;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

/**
 * What a listener was given, taken in order by a test.
 */
final class Inbox<T> implements Consumer<@Nullable T> {

	private final BlockingQueue<Object> values = new LinkedBlockingQueue<>();

	private static final Object NULL = new Object();

	@Override
	public void accept(@Nullable T value) {
		this.values.add((value != null) ? value : NULL);
	}

	@SuppressWarnings("unchecked")
	@Nullable T take() throws InterruptedException {
		Object value = this.values.poll(10, TimeUnit.SECONDS);
		if (value == null) {
			throw new AssertionError("Nothing within 10 seconds");
		}
		return (value == NULL) ? null : (T) value;
	}

	boolean isEmpty() {
		return this.values.isEmpty();
	}

	int size() {
		return this.values.size();
	}

}
