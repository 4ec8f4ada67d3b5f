package io.github.wsem.websocket;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.wsem.core.ClientHub;
import io.github.wsem.test.TestClient;
import io.github.wsem.testapp.TestApplication;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Many clients connect, join rooms and leave in every way a connection can end: the
 * registry forgets every one of them.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "wsem.max-rooms-per-client=2")
class ConnectionChurnIntegrationTests {

	private static final int CYCLES = 10_000;

	private static final int PARALLEL = 16;

	@LocalServerPort
	int port;

	@Autowired
	ClientHub hub;

	@Test
	void leavesNoClientAndNoRoomAfterManyConnectsAndDisconnects() throws Exception {
		AtomicInteger next = new AtomicInteger();
		ExecutorService workers = Executors.newFixedThreadPool(PARALLEL);
		try {
			List<Future<?>> running = new ArrayList<>();
			for (int i = 0; i < PARALLEL; i++) {
				running.add(workers.submit(() -> {
					for (int cycle = next.getAndIncrement(); cycle < CYCLES; cycle = next.getAndIncrement()) {
						cycle(cycle);
					}
				}));
			}
			for (Future<?> worker : running) {
				worker.get();
			}
		}
		finally {
			workers.shutdownNow();
		}
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			assertThat(this.hub.eventManager().clients().count()).isZero();
			assertThat(this.hub.roomSizes()).isEmpty();
		});
		assertThat(this.hub.eventManager().hasClientRegistration("shared")).isFalse();
	}

	/**
	 * One client's life: connect, join the shared room and one of 100 others, and end one
	 * of four ways.
	 */
	private void cycle(int cycle) {
		TestClient client = TestClient.connect(this.port);
		String[] rooms = { "shared", "room-" + (cycle % 100) };
		switch (cycle % 4) {
			case 0 -> {
				client.register(rooms);
				client.closeAndWait();
			}
			case 1 -> {
				client.register(rooms);
				client.abort();
			}
			case 2 -> {
				client.send(TestClient.frame("wsem:register", List.of(rooms), null));
				client.close();
			}
			default -> {
				client.send(TestClient.frame("wsem:register", List.of(rooms), null));
				client.abort();
			}
		}
	}

}
