package io.github.wsem.web;

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

@SpringBootTest(classes = SseTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
		"wsem.endpoint=/live", "wsem.client-script-url=/js/live.js", "wsem.register-event-name=sub\"scribe" })
class ClientScriptIntegrationTests {

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	int port;

	@Test
	void scriptIsServedAtTheConfiguredUrlWithTheEndpointWrittenIn() throws Exception {
		HttpResponse<String> response = get("/js/live.js", null);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("text/javascript;charset=UTF-8");
		assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-cache");
		assertThat(response.headers().firstValue("ETag"))
			.hasValueSatisfying((etag) -> assertThat(etag).matches("\"[0-9a-f]{32}\""));
		assertThat(response.body()).contains("var endpoint = \"/live\";")
			.contains("var registerEvent = \"sub\\\"scribe\";")
			.contains("var unregisterEvent = \"wsem:unregister\";")
			.doesNotContain("__WSEM_")
			.doesNotContain("export ");
	}

	@Test
	void unchangedScriptIsRevalidatedWith304() throws Exception {
		String etag = get("/js/live.js", null).headers().firstValue("ETag").orElseThrow();
		HttpResponse<String> again = get("/js/live.js", etag);
		assertThat(again.statusCode()).isEqualTo(304);
		assertThat(again.body()).isEmpty();
		assertThat(get("/js/live.js", "\"stale\"").statusCode()).isEqualTo(200);
	}

	@Test
	void moduleAndDeclarationsAreServedBesideTheScript() throws Exception {
		HttpResponse<String> module = get("/js/live.mjs", null);
		assertThat(module.statusCode()).isEqualTo(200);
		assertThat(module.headers().firstValue("Content-Type")).hasValue("text/javascript;charset=UTF-8");
		assertThat(module.body()).contains("var endpoint = \"/live\";").endsWith("export default WsEventMgr;\n");
		HttpResponse<String> declarations = get("/js/live.d.ts", null);
		assertThat(declarations.statusCode()).isEqualTo(200);
		assertThat(declarations.body()).contains("class WsEventMgr");
	}

	@Test
	void headIsAnsweredLikeGetWithoutABody() throws Exception {
		HttpResponse<String> get = get("/js/live.js", null);
		HttpResponse<String> head = this.http
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/js/live.js"))
				.method("HEAD", HttpRequest.BodyPublishers.noBody())
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(head.statusCode()).isEqualTo(200);
		assertThat(head.headers().firstValue("ETag")).isEqualTo(get.headers().firstValue("ETag"));
		assertThat(head.headers().firstValue("Content-Type")).hasValue("text/javascript;charset=UTF-8");
		assertThat(head.body()).isEmpty();
	}

	@Test
	void defaultScriptUrlIsNotServedWhenConfiguredElsewhere() throws Exception {
		assertThat(get("/wsem.js", null).statusCode()).isEqualTo(404);
	}

	private HttpResponse<String> get(String path, String ifNoneMatch) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path));
		if (ifNoneMatch != null) {
			request.header("If-None-Match", ifNoneMatch);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

}
