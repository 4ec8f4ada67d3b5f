package io.github.wsem.sse;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import io.github.wsem.ssetest.SseTestApplication;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(classes = SseTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "wsem.allowed-origins=https://*.example.com")
class SseCorsIntegrationTests {

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	int port;

	@Test
	void allowedOriginMayEmitAcrossOrigins() throws Exception {
		HttpResponse<String> preflight = preflight("https://app.example.com");
		assertThat(preflight.statusCode()).isEqualTo(200);
		assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://app.example.com");
		assertThat(preflight.headers().firstValue("Access-Control-Allow-Headers").orElse("").toLowerCase())
			.contains("wsem-token");
	}

	@Test
	void otherOriginIsRefused() throws Exception {
		assertThat(preflight("https://evil.test").statusCode()).isEqualTo(403);
	}

	private HttpResponse<String> preflight(String origin) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/wsem/emit"))
			.method("OPTIONS", HttpRequest.BodyPublishers.noBody())
			.header("Origin", origin)
			.header("Access-Control-Request-Method", "POST")
			.header("Access-Control-Request-Headers", "wsem-client,wsem-token,content-type")
			.build();
		return this.http.send(request, HttpResponse.BodyHandlers.ofString());
	}

}
