package io.github.wsem.sse;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

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

}
