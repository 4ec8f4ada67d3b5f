package io.github.wsem.test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntConsumer;

import org.jspecify.annotations.Nullable;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A stream of numbered events emitted while a client loses its connection at random
 * points and comes back resuming: in the end it must have every event exactly once, in
 * order.
 */
public final class ResumeDrill {

	private ResumeDrill() {
	}

	/**
	 * Emit {@code 0 .. total-1} on a thread of its own while reading them through
	 * connections that are dropped at random, then check what arrived.
	 * @param total how many events
	 * @param emit emits event {@code n}
	 * @param first the first connection, registered before the first emit
	 * @param dropOdds one read in this many drops the connection first (and halfway at
	 * the latest)
	 * @param limit how long the whole drill may take
	 */
	public static void run(int total, IntConsumer emit, Connection first, int dropOdds, Duration limit)
			throws Exception {
		Thread publisher = new Thread(() -> {
			for (int n = 0; n < total; n++) {
				emit.accept(n);
				if (n % 50 == 0) {
					sleep(1);
				}
			}
		}, "resume-drill-publisher");
		List<Integer> received = new ArrayList<>();
		Connection connection = first;
		long deadline = System.nanoTime() + limit.toNanos();
		int drops = 0;
		publisher.start();
		while (received.size() < total && System.nanoTime() < deadline) {
			boolean noDropYet = drops == 0 && received.size() >= total / 2;
			if (!connection.isOpen() || noDropYet || ThreadLocalRandom.current().nextInt(dropOdds) == 0) {
				connection = connection.dropAndResume();
				drops++;
				continue;
			}
			Integer next = connection.next();
			if (next != null) {
				received.add(next);
			}
		}
		connection.close();
		publisher.join(10_000);
		assertThat(drops).as("connections dropped").isPositive();
		List<Integer> expected = new ArrayList<>(total);
		for (int n = 0; n < total; n++) {
			expected.add(n);
		}
		assertThat(received).as("%d events after %d drops, first gap at %d", received.size(), drops, firstGap(received))
			.containsExactlyElementsOf(expected);
	}

	private static int firstGap(List<Integer> received) {
		for (int i = 0; i < received.size(); i++) {
			if (received.get(i) != i) {
				return i;
			}
		}
		return -1;
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * One connection of the drill's client.
	 */
	public interface Connection {

		/**
		 * Read the next frame.
		 * @return the number of the event it carries, or {@code null} for a frame of
		 * another kind (an ack)
		 */
		@Nullable Integer next() throws Exception;

		/**
		 * Have the server drop this connection, then connect again, resuming after the
		 * last event read.
		 * @return the new connection
		 */
		Connection dropAndResume() throws Exception;

		/**
		 * Whether the connection is still open; one the server closed by itself is
		 * resumed at once.
		 * @return {@code true} while it is open
		 */
		default boolean isOpen() {
			return true;
		}

		/**
		 * Close the connection at the end of the drill.
		 */
		void close();

	}

}
