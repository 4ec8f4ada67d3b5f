package io.github.wsem.sse;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import io.github.wsem.test.ServerTest;
import io.github.wsem.testapp.TestApplication;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Server-Sent Events transport on Jetty: the welcome, then the emits to the
 * stream's rooms, and an emit posted by the client answered on the stream.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
class JettySseIntegrationTests extends ServerTest {

	private final HttpClient http = HttpClient.newHttpClient();

	@Test
	void streamsTheWelcomeAndTheEmitsToTheStreamsRooms() throws Exception {
		HttpResponse<InputStream> response = this.http.send(
				HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/wsem/sse?events=todo"))
					.header("Accept", "text/event-stream")
					.build(),
				HttpResponse.BodyHandlers.ofInputStream());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("text/event-stream"));
		try (BufferedReader in = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
			assertThat(nextEventName(in)).isEqualTo("wsem:welcome");
			this.eventManager.emit("other", "not for this stream");
			this.eventManager.emit("todo", Map.of("text", "milk"));
			assertThat(nextEventName(in)).isEqualTo("todo");
			assertThat(in.readLine()).isEqualTo("data: {\"text\":\"milk\"}");
		}
	}

	private static String nextEventName(BufferedReader in) throws Exception {
		String line;
		while ((line = in.readLine()) != null) {
			if (line.startsWith("event: ")) {
				return line.substring(7);
			}
		}
		throw new AssertionError("The stream ended");
	}

}
