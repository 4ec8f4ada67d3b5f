package io.github.wsem.core;

/**
 * Counts a client's errors in a sliding minute; allocates only on the first error.
 */
final class ErrorWindow {

	private static final long WINDOW_NANOS = 60_000_000_000L;

	private static final long[] NONE = new long[0];

	private long[] times = NONE;

	private int next;

	/**
	 * Record an error at the given time.
	 * @param now a {@link System#nanoTime()} reading
	 * @param max the errors allowed in the window
	 * @return {@code true} if this error is over the limit
	 */
	synchronized boolean record(long now, int max) {
		if (max <= 0) {
			return true;
		}
		if (this.times.length != max) {
			this.times = new long[max];
			this.next = 0;
		}
		long oldest = this.times[this.next];
		boolean over = oldest != 0 && now - oldest < WINDOW_NANOS;
		this.times[this.next] = now;
		this.next = (this.next + 1) % max;
		return over;
	}

}
