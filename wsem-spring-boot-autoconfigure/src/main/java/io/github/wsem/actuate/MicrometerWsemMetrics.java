package io.github.wsem.actuate;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import io.github.wsem.core.ClientHub;
import io.github.wsem.core.ErrorCode;
import io.github.wsem.core.Transport;
import io.github.wsem.core.WsemMetrics;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.jspecify.annotations.Nullable;

/**
 * {@link WsemMetrics} on Micrometer: the meters {@code wsem.*} of one node. Traffic is
 * counted in {@link LongAdder}s that function counters read, so an emit to many clients
 * costs one addition, never a meter lookup per recipient.
 */
public final class MicrometerWsemMetrics implements WsemMetrics, MeterBinder {

	private final ClientHub hub;

	private final LongAdder received = new LongAdder();

	private final LongAdder delivered = new LongAdder();

	private final LongAdder acks = new LongAdder();

	private final LongAdder dropped = new LongAdder();

	private final LongAdder[] overflowed = new LongAdder[Transport.values().length];

	private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();

	private volatile @Nullable MeterRegistry registry;

	private volatile @Nullable Timer fanOut;

	/**
	 * Create the meters of an event manager; they are registered by
	 * {@link #bindTo(MeterRegistry)}.
	 * @param hub the hub whose connections and rooms are measured
	 */
	public MicrometerWsemMetrics(ClientHub hub) {
		this.hub = hub;
		for (Transport transport : Transport.values()) {
			this.overflowed[transport.ordinal()] = new LongAdder();
		}
		for (ErrorCode code : ErrorCode.values()) {
			this.errors.put(code.code(), new LongAdder());
		}
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		for (Transport transport : Transport.values()) {
			Gauge.builder("wsem.connections", this.hub, (hub) -> hub.connectionCount(transport))
				.tag("transport", tag(transport))
				.description("Clients connected to this node")
				.register(registry);
			FunctionCounter.builder("wsem.clients.overflowed", this.overflowed[transport.ordinal()], LongAdder::sum)
				.tag("transport", tag(transport))
				.description("Clients closed because they could not keep up")
				.register(registry);
		}
		Gauge.builder("wsem.rooms", this.hub, ClientHub::roomCount)
			.description("Rooms with members on this node")
			.register(registry);
		counter(registry, "wsem.messages.in", this.received, "Frames received from clients");
		counter(registry, "wsem.messages.out", this.delivered, "Events handed to clients");
		counter(registry, "wsem.acks", this.acks, "Acks sent to clients");
		counter(registry, "wsem.messages.dropped", this.dropped,
				"Frames discarded with the clients that could not keep up");
		this.errors.forEach((code, count) -> errorCounter(registry, code, count));
		this.fanOut = Timer.builder("wsem.emit.fanout")
			.description("Time an emit takes to reach the send queues of its recipients on this node")
			.register(registry);
		this.registry = registry;
	}

	@Override
	public void frameReceived() {
		this.received.increment();
	}

	@Override
	public void delivered(int count) {
		this.delivered.add(count);
	}

	@Override
	public void fannedOut(int recipients, long nanos) {
		Timer timer = this.fanOut;
		if (timer != null) {
			timer.record(nanos, TimeUnit.NANOSECONDS);
		}
	}

	@Override
	public void ackSent() {
		this.acks.increment();
	}

	@Override
	public void errorSent(String code) {
		LongAdder count = this.errors.get(code);
		if (count == null) {
			count = this.errors.computeIfAbsent(code, this::newErrorCount);
		}
		count.increment();
	}

	@Override
	public void overflowed(Transport transport, int droppedFrames) {
		this.overflowed[transport.ordinal()].increment();
		this.dropped.add(droppedFrames);
	}

	private LongAdder newErrorCount(String code) {
		LongAdder count = new LongAdder();
		MeterRegistry registry = this.registry;
		if (registry != null) {
			errorCounter(registry, code, count);
		}
		return count;
	}

	private static void counter(MeterRegistry registry, String name, LongAdder count, String description) {
		FunctionCounter.builder(name, count, LongAdder::sum).description(description).register(registry);
	}

	private static void errorCounter(MeterRegistry registry, String code, LongAdder count) {
		FunctionCounter.builder("wsem.errors", count, LongAdder::sum)
			.tag("code", code)
			.description("Errors sent to clients")
			.register(registry);
	}

	private static String tag(Transport transport) {
		return transport.name().toLowerCase(Locale.ROOT);
	}

}
