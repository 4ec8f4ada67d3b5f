package io.github.wsem.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import io.github.wsem.client.server.ClientTestApplication;
import io.github.wsem.core.EventManager;
import io.github.wsem.test.RedisServer;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The server a client is connected to restarts in the middle of a stream of 1,000 events
 * that another node emits: the client reconnects, registers again with {@code since}, and
 * ends up with every event exactly once, in order (the history is in Redis, so it
 * outlives the restart).
 */
class ServerRestartIntegrationTests {

	private static final int EVENTS = 1000;

	@Test
	void aClientHasEveryEventOnceAndInOrderAcrossARestartOfItsServer() throws Exception {
		try (RedisServer redis = RedisServer.start()) {
			ConfigurableApplicationContext emitter = node(redis, 0);
			ConfigurableApplicationContext served = node(redis, 0);
			int port = port(served);
			List<Integer> received = Collections.synchronizedList(new ArrayList<>());
			List<Welcome> welcomes = Collections.synchronizedList(new ArrayList<>());
			List<WsemClientException> errors = Collections.synchronizedList(new ArrayList<>());
			try (WsemClient client = WsemClient.builder("ws://localhost:" + port + "/wsem")
				.reconnect(Duration.ofMillis(50), Duration.ofMillis(300))
				.build()
				.on("tick", Integer.class, received::add)
				.onOpen(welcomes::add)
				.onError(errors::add)) {
				client.connect().get(10, TimeUnit.SECONDS);
				EventManager events = emitter.getBean(EventManager.class);
				await().until(() -> events.hasClientRegistration("tick"));

				CompletableFuture<Void> stream = CompletableFuture.runAsync(() -> {
					for (int i = 0; i < EVENTS; i++) {
						events.emit("tick", i);
						if (i % 10 == 0) {
							sleep(2);
						}
					}
				});
				await().until(() -> received.size() >= EVENTS / 4);
				served.close();
				served = node(redis, port);
				stream.get(30, TimeUnit.SECONDS);

				await().atMost(Duration.ofSeconds(20)).until(() -> received.size() >= EVENTS);
				assertThat(welcomes).as("reconnected after the restart").hasSizeGreaterThanOrEqualTo(2);
				assertThat(List.copyOf(received))
					.containsExactlyElementsOf(IntStream.range(0, EVENTS).boxed().toList());
				assertThat(errors).noneMatch((error) -> error.code().equals("recovery_incomplete"));
			}
			finally {
				served.close();
				emitter.close();
			}
		}
	}

	private static ConfigurableApplicationContext node(RedisServer redis, int port) {
		return new SpringApplicationBuilder(ClientTestApplication.class).run("--server.port=" + port,
				"--wsem.cluster.type=redis", "--spring.data.redis.host=127.0.0.1",
				"--spring.data.redis.port=" + redis.port(), "--wsem.history.size=" + (2 * EVENTS),
				"--spring.main.banner-mode=off", "--logging.level.root=WARN");
	}

	private static int port(ConfigurableApplicationContext context) {
		return Integer.parseInt(context.getEnvironment().getProperty("local.server.port", "0"));
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
