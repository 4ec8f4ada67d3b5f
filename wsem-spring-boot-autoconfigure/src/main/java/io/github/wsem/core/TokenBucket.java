package io.github.wsem.core;

/**
 * A client's frame budget: {@code rate} frames a second on average, bursts of up to
 * {@code burst}.
 */
final class TokenBucket {

	private final double perNano;

	private final double burst;

	private double tokens;

	private long last;

	TokenBucket(double ratePerSecond, int burst, long now) {
		this.perNano = ratePerSecond / 1_000_000_000d;
		this.burst = burst;
		this.tokens = burst;
		this.last = now;
	}

	synchronized boolean tryTake(long now) {
		this.tokens = Math.min(this.burst, this.tokens + (now - this.last) * this.perNano);
		this.last = now;
		if (this.tokens < 1) {
			return false;
		}
		this.tokens -= 1;
		return true;
	}

}
