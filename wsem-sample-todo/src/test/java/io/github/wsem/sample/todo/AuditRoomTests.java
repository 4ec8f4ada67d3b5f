package io.github.wsem.sample.todo;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code audit} room behind Spring Security: only the admin of
 * {@code application.yml} may register for it; the list stays open to everyone.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class AuditRoomTests {

	private static final Map<String, String> ADMIN = Map.of("Authorization",
			"Basic " + Base64.getEncoder().encodeToString("admin:admin".getBytes(StandardCharsets.UTF_8)));

	@LocalServerPort
	int port;

	@Autowired
	TodoStore store;

	@BeforeEach
	void emptyTheList() {
		this.store.clear();
	}

	@Test
	void anonymousClientIsForbiddenTheAuditRoomAndKeepsTheList() throws Exception {
		try (WsemTestClient anonymous = WsemTestClient.connect(this.port)) {
			anonymous.next("wsem:welcome");
			anonymous.send(Map.of("event", "wsem:register", "data", List.of("todo", "audit"), "ack", 1));
			anonymous.send(Map.of("event", "todo", "data", Map.of("text", "milk"), "ack", 2));
			List<JsonNode> frames = new ArrayList<>();
			for (int i = 0; i < 3; i++) {
				frames.add(anonymous.next((frame) -> true));
			}
			assertThat(frames).extracting((frame) -> frame.path("event").asString())
				.containsExactly("wsem:error", "todo", "wsem:ack");
			assertThat(frames.get(0).path("ack").asLong()).isEqualTo(1);
			assertThat(frames.get(0).path("data").path("code").asString()).isEqualTo("forbidden");
			assertThat(frames.get(0).path("data").path("rooms").toString()).isEqualTo("[\"audit\"]");
			assertThat(frames.get(1).path("data").path("text").asString()).isEqualTo("milk");
		}
	}

	@Test
	void adminMayRegisterForTheAuditRoomAndSeesWhoDidWhat() throws Exception {
		try (WsemTestClient admin = WsemTestClient.connect(this.port, ADMIN);
				WsemTestClient anonymous = WsemTestClient.connect(this.port)) {
			admin.next("wsem:welcome");
			String anonymousId = anonymous.next("wsem:welcome").path("data").path("id").asString();
			admin.send(Map.of("event", "wsem:register", "data", "audit", "ack", 1));
			JsonNode registered = admin.answerTo(1);
			assertThat(registered.path("event").asString()).isEqualTo("wsem:ack");
			assertThat(registered.path("data").path("rooms").toString()).isEqualTo("[\"audit\"]");
			anonymous.send(Map.of("event", "todo", "data", Map.of("text", "bread"), "ack", 1));
			JsonNode entry = admin.next("audit").path("data");
			assertThat(entry.path("action").asString()).isEqualTo("added");
			assertThat(entry.path("todo").asString()).isEqualTo("bread");
			assertThat(entry.path("by").asString()).isEqualTo("anonymous");
			assertThat(entry.path("client").asString()).isEqualTo(anonymousId);
			admin.send(Map.of("event", "todo", "data", Map.of("text", "cheese"), "ack", 2));
			assertThat(admin.next("audit").path("data").path("by").asString()).isEqualTo("admin");
		}
	}

	@Test
	void auditPageNeedsTheAdmin() throws Exception {
		HttpClient http = HttpClient.newHttpClient();
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/audit.html"));
		assertThat(http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode()).isIn(302, 401);
		ADMIN.forEach(request::header);
		assertThat(http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(200);
	}

}
