package io.github.wsem.sse;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.github.wsem.core.EventManager;
import io.github.wsem.ssetest.SseTestApplication;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What an open event stream sees when the server stops.
 */
class SseShutdownIntegrationTests {

	@Test
	void anOpenStreamEndsWhenTheServerStopsWithoutHoldingUpTheGracefulShutdown() throws Exception {
		ConfigurableApplicationContext context = new SpringApplicationBuilder(SseTestApplication.class)
			.properties("server.port=0")
			.run();
		SseTestClient stream;
		long stopping;
		try {
			int port = context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
			stream = new SseTestClient(HttpClient.newHttpClient(),
					URI.create("http://localhost:" + port + "/wsem/sse?events=todo"));
			stream.next("wsem:welcome");
		}
		finally {
			stopping = System.nanoTime();
			context.close();
		}
		// Graceful shutdown waits for open requests up to 30 s (the lifecycle timeout).
		assertThat(Duration.ofNanos(System.nanoTime() - stopping)).isLessThan(Duration.ofSeconds(10));
		assertThat(stream.ended.await(5, TimeUnit.SECONDS)).as("the stream ended normally").isTrue();
	}

	@Test
	void aStreamTheClientClosedDoesNotHoldUpTheGracefulShutdown() throws Exception {
		ConfigurableApplicationContext context = new SpringApplicationBuilder(SseTestApplication.class)
			.properties("server.port=0")
			.run();
		long stopping;
		try {
			int port = context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
			SseTestClient stream = new SseTestClient(HttpClient.newHttpClient(),
					URI.create("http://localhost:" + port + "/wsem/sse?events=todo"));
			stream.next("wsem:welcome");
			stream.close();
			EventManager events = context.getBean(EventManager.class);
			for (int i = 0; i < 200 && events.hasClientRegistration("todo"); i++) {
				events.emit("todo", "x".repeat(1024));
				Thread.sleep(10);
			}
			assertThat(events.hasClientRegistration("todo")).as("the closed stream is forgotten").isFalse();
		}
		finally {
			stopping = System.nanoTime();
			context.close();
		}
		assertThat(Duration.ofNanos(System.nanoTime() - stopping)).isLessThan(Duration.ofSeconds(10));
	}

}
