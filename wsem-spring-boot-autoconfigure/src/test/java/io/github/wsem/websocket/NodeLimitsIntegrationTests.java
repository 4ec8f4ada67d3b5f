package io.github.wsem.websocket;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.github.wsem.test.ServerTest;
import io.github.wsem.test.TestClient;
import io.github.wsem.testapp.TestApplication;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Limits of one node and of one client's frame rate.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "wsem.websocket.max-connections=3", "wsem.sse.max-clients=2", "wsem.rate-limit.rate=5",
				"wsem.rate-limit.burst=5" })
class NodeLimitsIntegrationTests extends ServerTest {

	@Test
	void connectionsPastTheLimitAreRefusedWith503BeforeTheUpgrade() {
		TestClient first = this.clients.connect();
		this.clients.connect();
		this.clients.connect();
		assertThat(this.clients.builder().refusedStatus()).isEqualTo(503);
		first.closeAndWait();
		await().until(() -> this.eventManager.clients().count() == 2);
		assertThat(this.clients.connect().id()).isNotBlank();
	}

	@Test
	void streamsPastTheLimitAreRefusedWith503() throws Exception {
		HttpClient http = HttpClient.newHttpClient();
		List<HttpResponse<InputStream>> open = new ArrayList<>();
		try {
			for (int i = 0; i < 2; i++) {
				open.add(http.send(stream(), HttpResponse.BodyHandlers.ofInputStream()));
				assertThat(open.get(i).statusCode()).isEqualTo(200);
			}
			assertThat(http.send(stream(), HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(503);
		}
		finally {
			for (HttpResponse<InputStream> response : open) {
				response.body().close();
			}
		}
	}

	@Test
	void framesPastTheRateAreAnsweredRateLimitedAndTheClientRecovers() {
		TestClient client = this.clients.connect();
		for (long ack = 1; ack <= 10; ack++) {
			client.send("echo", ack, ack);
		}
		List<String> codes = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			JsonNode answer = client.next();
			codes.add(answer.path("event").asString().equals("wsem:ack") ? "ok"
					: answer.path("data").path("code").asString());
			assertThat(answer.path("ack").asLong()).isEqualTo(i + 1);
		}
		assertThat(codes).contains("ok", "rate_limited");
		assertThat(client.isOpen()).isTrue();
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(
					() -> assertThat(client.request("echo", "again").path("event").asString()).isEqualTo("wsem:ack"));
	}

	private HttpRequest stream() {
		return HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/wsem/sse?events=x")).build();
	}

}
