package io.github.wsem.broker.redis;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.github.wsem.core.Delivery;
import io.github.wsem.codec.Jackson3Codec;
import io.github.wsem.core.JsonCodec;
import io.github.wsem.core.OutboundEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link EmitLedger}: the calm path never makes Redis's thread, or an emitting
 * one, wait for a fan-out to this node's clients.
 */
class EmitLedgerTests {

	private static final JsonCodec CODEC = new Jackson3Codec(JsonMapper.builder().build());

	private final CountDownLatch fanOutHeld = new CountDownLatch(1);

	private final CountDownLatch releaseFanOut = new CountDownLatch(1);

	private final List<String> local = new CopyOnWriteArrayList<>();

	private final EmitLedger ledger = new EmitLedger(Duration.ofSeconds(30),
			(sequence, delivery) -> this.local.add("late"), (delivery) -> true, (delivery) -> true, () -> {
			});

	@AfterEach
	void release() {
		this.releaseFanOut.countDown();
	}

	@Test
	void redisAnswersAndEmitsGoOnWhileAnEmitComingBackIsFannedOut() throws Exception {
		Sinks.One<String> first = Sinks.one();
		Sinks.One<String> second = Sinks.one();
		this.ledger.send(delivery(), (sequence) -> first.asMono(), (ex) -> {
		}, () -> {
		});
		CompletableFuture<Void> fanOut = CompletableFuture.runAsync(() -> this.ledger.cameBack(1, "r", (local) -> {
			this.fanOutHeld.countDown();
			await(this.releaseFanOut);
		}));
		assertThat(this.fanOutHeld.await(10, TimeUnit.SECONDS)).isTrue();
		CompletableFuture<Void> answer = CompletableFuture.runAsync(() -> first.tryEmitValue("1-0"));
		CompletableFuture<Void> emit = CompletableFuture
			.runAsync(() -> this.ledger.send(delivery(), (sequence) -> second.asMono(), (ex) -> {
			}, () -> {
			}));
		answer.get(10, TimeUnit.SECONDS);
		emit.get(10, TimeUnit.SECONDS);
		assertThat(fanOut).isNotDone();
		this.releaseFanOut.countDown();
		fanOut.get(10, TimeUnit.SECONDS);
		assertThat(this.local).isEmpty();
	}

	@Test
	void anEmitThatCameBackIsNotDeliveredAgainWhenRedisFailsItsCommandLater() {
		Sinks.One<String> reply = Sinks.one();
		this.ledger.send(delivery(), (sequence) -> reply.asMono(), (ex) -> {
		}, () -> {
		});
		this.ledger.cameBack(1, "r", (local) -> this.local.add(local ? "had it" : "back"));
		reply.tryEmitError(new IllegalStateException("reset"));
		this.ledger.sweep();
		assertThat(this.local).containsExactly("back");
	}

	@Test
	void anEmitRedisFailedIsDeliveredLocallyOnceAndNotAgainWhenItComesBack() {
		this.ledger.send(delivery(), (sequence) -> Mono.error(new IllegalStateException("reset")), (ex) -> {
		}, () -> {
		});
		this.ledger.cameBack(1, "r", (local) -> this.local.add(local ? "had it" : "back"));
		assertThat(this.local).containsExactly("late", "had it");
	}

	@Test
	void anEmitGivenUpIsDeliveredAfterTheOlderOnesThatRedisKeptButThatHaveNotComeBack() {
		List<Long> delivered = new CopyOnWriteArrayList<>();
		EmitLedger ledger = new EmitLedger(Duration.ofSeconds(30), (sequence, delivery) -> delivered.add(sequence),
				(delivery) -> true, (delivery) -> true, () -> {
				});
		ledger.send(delivery(), (sequence) -> Mono.just("1-0"), (ex) -> {
		}, () -> {
		});
		ledger.send(delivery(), (sequence) -> Mono.error(new IllegalStateException("given up")), (ex) -> {
		}, () -> {
		});
		ledger.cameBack(1, "r", (local) -> {
			if (!local) {
				delivered.add(1L);
			}
		});
		assertThat(delivered).containsExactly(1L, 2L);
	}

	private static Delivery delivery() {
		return new Delivery(Set.of("r"), Set.of(), OutboundEvent.of(CODEC, "e", null, null, "r"));
	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await(30, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
