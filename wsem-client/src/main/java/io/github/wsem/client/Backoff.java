package io.github.wsem.client;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with jitter between reconnection attempts, as {@code wsem.js}
 * waits: {@code min(max, min * factor^n)}, less up to {@code jitter} of it at random.
 *
 * @param min the first delay
 * @param max the longest delay
 * @param factor the growth per attempt
 * @param jitter the random share taken off each delay, from 0 to 1
 */
record Backoff(Duration min, Duration max, double factor, double jitter) {

	static final Backoff DEFAULT = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(10), 2, 0.5);

	Duration delay(int waited) {
		double millis = Math.min(this.max.toMillis(), this.min.toMillis() * Math.pow(this.factor, waited));
		return Duration.ofMillis(Math.round(millis * (1 - this.jitter * ThreadLocalRandom.current().nextDouble())));
	}

}
