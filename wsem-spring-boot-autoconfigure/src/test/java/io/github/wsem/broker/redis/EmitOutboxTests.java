package io.github.wsem.broker.redis;

import java.util.ArrayList;
import java.util.List;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link EmitOutbox}, with commands whose replies the test gives.
 */
class EmitOutboxTests {

	private final List<Sent> sent = new ArrayList<>();

	private final AtomicInteger failures = new AtomicInteger();

	private EmitOutbox outbox(int capacity) {
		return new EmitOutbox(capacity, (room, sequence) -> command("lost " + room + " " + sequence),
				(ex) -> this.failures.incrementAndGet(), () -> {
				});
	}

	@Test
	void sendsEachEmitWithTheNumberOfTheRoomsPreviousUnconfirmedOne() {
		EmitOutbox outbox = outbox(10);
		CompletableFuture<Void> first = outbox.send("r", 1, command("r1"));
		outbox.send("r", 2, command("r2"));
		outbox.send("s", 3, command("s3"));
		answer(0, "1-0");
		outbox.send("r", 4, command("r4"));
		assertThat(this.sent).extracting(Sent::describe)
			.containsExactly("r1 after -", "r2 after 1", "s3 after -", "r4 after 2");
		assertThat(first).isCompleted();
		answer(1, "");
		answer(2, "2-0");
		answer(3, "3-0");
		assertThat(outbox.size()).isZero();
	}

	@Test
	void sendsTheRoomsEmitsAfterTheKeptOneAgainInOrderWhenRedisRefusesOne() {
		EmitOutbox outbox = outbox(10);
		CompletableFuture<Void> first = outbox.send("r", 1, command("r1"));
		CompletableFuture<Void> second = outbox.send("r", 2, command("r2"));
		outbox.send("r", 3, command("r3"));
		answer(1, "refused 0");
		answer(2, "refused 0");
		assertThat(this.sent).extracting(Sent::describe)
			.containsExactly("r1 after -", "r2 after 1", "r3 after 2", "r1 after -", "r2 after 1", "r3 after 2");
		answer(0, "1-0");
		assertThat(first).isCompleted();
		assertThat(second).isNotCompleted();
		answer(3, "");
		answer(4, "2-0");
		answer(5, "3-0");
		assertThat(second).isCompleted();
		assertThat(outbox.size()).isZero();
	}

	@Test
	void redisAnswersWhileANewEmitIsHandedToLettuce() throws Exception {
		EmitOutbox outbox = outbox(10);
		CompletableFuture<Void> first = outbox.send("r", 1, command("r1"));
		CountDownLatch sending = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		CompletableFuture<CompletableFuture<Void>> second = CompletableFuture
			.supplyAsync(() -> outbox.send("r", 2, (previous) -> {
				sending.countDown();
				await(release);
				return Mono.just("2-0");
			}));
		try {
			assertThat(sending.await(10, TimeUnit.SECONDS)).isTrue();
			CompletableFuture.runAsync(() -> answer(0, "1-0")).get(10, TimeUnit.SECONDS);
			assertThat(first).isCompleted();
		}
		finally {
			release.countDown();
		}
		assertThat(second.get(10, TimeUnit.SECONDS)).succeedsWithin(Duration.ofSeconds(10));
		assertThat(outbox.size()).isZero();
	}

	@Test
	void confirmsTheEmitsUpToTheNumberARefusalNames() {
		EmitOutbox outbox = outbox(10);
		CompletableFuture<Void> first = outbox.send("r", 1, command("r1"));
		outbox.send("r", 2, command("r2"));
		outbox.send("r", 3, command("r3"));
		answer(2, "refused 1");
		assertThat(first).isCompleted();
		assertThat(this.sent).extracting(Sent::describe).endsWith("r2 after -", "r3 after 2");
	}

	@Test
	void sendsAFailedEmitAgainWhenRedisAnswersAgain() {
		EmitOutbox outbox = outbox(10);
		CompletableFuture<Void> first = outbox.send("r", 1, command("r1"));
		outbox.send("s", 2, command("s2"));
		this.sent.get(0).reply().tryEmitError(new IllegalStateException("reset"));
		assertThat(this.failures).hasValue(1);
		outbox.resendFailed();
		assertThat(this.sent).extracting(Sent::describe).containsExactly("r1 after -", "s2 after -", "r1 after -");
		answer(2, "1-0");
		assertThat(first).isCompleted();
	}

	@Test
	void givesUpTheOldestEmitsPastItsCapacityAndMarksThemLostBeforeTheRoomsLaterEmits() {
		EmitOutbox outbox = outbox(2);
		CompletableFuture<Void> first = outbox.send("r", 1, command("r1"));
		outbox.send("r", 2, command("r2"));
		outbox.send("r", 3, command("r3"));
		assertThat(first).isCompletedExceptionally();
		assertThat(outbox.size()).isEqualTo(2);
		outbox.resendFailed();
		assertThat(this.sent).extracting(Sent::describe).endsWith("lost r 1 after -", "r2 after 1", "r3 after 2");
		outbox.send("r", 4, command("r4"));
		assertThat(this.sent.get(this.sent.size() - 1).describe()).isEqualTo("r4 after 3");
	}

	private EmitOutbox.Command command(String name) {
		return (previous) -> {
			Sinks.One<String> reply = Sinks.one();
			this.sent.add(new Sent(name, previous, reply));
			return reply.asMono();
		};
	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await(30, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private void answer(int index, String reply) {
		this.sent.get(index).reply().tryEmitValue(reply);
	}

	private record Sent(String name, @Nullable Long previous, Sinks.One<String> reply) {

		String describe() {
			return this.name + " after " + ((this.previous != null) ? this.previous : "-");
		}

	}

}
