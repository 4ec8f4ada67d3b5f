package io.github.wsem.client;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.github.wsem.client.hostile.HostileServerApplication;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Frames no client can read, from a hostile server: each is reported to the error
 * listeners, none reaches an event listener or is thrown, and the good frame after them
 * still arrives.
 */
@SpringBootTest(classes = HostileServerApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
class HostileServerIntegrationTests {

	@LocalServerPort
	int port;

	@Test
	void badFramesOverWebSocketAreReportedAndSurvived() throws Exception {
		Inbox<Integer> ticks = new Inbox<>();
		Inbox<WsemClientException> errors = new Inbox<>();
		try (WsemClient client = WsemClient.builder("ws://localhost:" + this.port + "/hostile")
			.build()
			.on("tick", Integer.class, ticks)
			.onError(errors)) {
			client.connect().get(10, TimeUnit.SECONDS);

			assertThat(ticks.take()).isEqualTo(7);
			assertThat(codes(errors, 8)).containsExactly("bad_frame", "bad_frame", "bad_frame", "bad_frame",
					"bad_frame", "bad_frame", "bad_data", "internal");
			assertThat(client.isConnected()).isTrue();
		}
	}

	@Test
	void badFramesOverSseAreReportedAndSurvived() throws Exception {
		Inbox<Integer> ticks = new Inbox<>();
		Inbox<WsemClientException> errors = new Inbox<>();
		try (WsemClient client = WsemClient.builder("http://localhost:" + this.port + "/hostile")
			.transports(Transport.SSE)
			.reconnect(Duration.ofSeconds(5), Duration.ofSeconds(5))
			.build()
			.on("tick", Integer.class, ticks)
			.onError(errors)) {
			client.connect().get(10, TimeUnit.SECONDS);

			assertThat(ticks.take()).isEqualTo(7);
			assertThat(codes(errors, 8)).containsExactly("bad_frame", "bad_frame", "bad_frame", "bad_frame",
					"bad_frame", "bad_data", "internal", "transport");
		}
	}

	private static List<String> codes(Inbox<WsemClientException> errors, int count) throws InterruptedException {
		List<String> codes = new java.util.ArrayList<>();
		for (int i = 0; i < count; i++) {
			codes.add(errors.take().code());
		}
		return codes;
	}

}
