package io.github.wsem.bench.load;

import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

import org.HdrHistogram.Recorder;

/**
 * The shared state of one fan-out run: which messages reached how many subscribers, what
 * arrived inside the measured window, and the latencies of the messages sent inside it.
 * Written by the event loops, read by the publisher and the report.
 */
final class Scenario {

	final int base;

	final int subscribers;

	final int capacity;

	final long measureFrom;

	final long measureTo;

	/** Distinct subscribers reached by each message, by index from {@link #base}. */
	final AtomicIntegerArray reached;

	final long[] sentAt;

	final LongAdder deliveredInWindow = new LongAdder();

	final LongAdder delivered = new LongAdder();

	final LongAdder reordered = new LongAdder();

	final LongAdder duplicated = new LongAdder();

	final LongAdder stale = new LongAdder();

	/** Latency in microseconds of the deliveries of messages sent inside the window. */
	final Recorder latency = new Recorder(3);

	volatile Thread publisher;

	volatile int waitingFor = -1;

	Scenario(int base, int subscribers, int capacity, long measureFrom, long measureTo) {
		this.base = base;
		this.subscribers = subscribers;
		this.capacity = capacity;
		this.measureFrom = measureFrom;
		this.measureTo = measureTo;
		this.reached = new AtomicIntegerArray(capacity);
		this.sentAt = new long[capacity];
	}

	/**
	 * Count a first delivery of message {@code index} sent at {@code sent} (nanos) and
	 * received at {@code now}.
	 */
	void delivered(int index, long sent, long now) {
		this.delivered.increment();
		if (now >= this.measureFrom && now < this.measureTo) {
			this.deliveredInWindow.increment();
		}
		if (sent >= this.measureFrom && sent < this.measureTo) {
			this.latency.recordValue(Math.max(0, (now - sent) / 1000));
		}
		if (this.reached.incrementAndGet(index) == this.subscribers && this.waitingFor == index) {
			Thread waiting = this.publisher;
			if (waiting != null) {
				LockSupport.unpark(waiting);
			}
		}
	}

}
