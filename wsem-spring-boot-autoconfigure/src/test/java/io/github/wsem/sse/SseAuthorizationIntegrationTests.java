package io.github.wsem.sse;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.github.wsem.core.EventManager;
import io.github.wsem.securitytest.SecurityTestApplication;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The {@link io.github.wsem.core.WsemAuthorizer} over SSE, behind a real Spring Security
 * filter chain with HTTP Basic on the stream's request.
 */
@SpringBootTest(classes = SecurityTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "wsem.sse.heartbeat=300ms" })
class SseAuthorizationIntegrationTests {

	private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
	};

	private final HttpClient http = HttpClient.newHttpClient();

	private final JsonMapper json = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	@Autowired
	EventManager events;

	@Autowired
	SseRegistry registry;

	@Autowired
	SecurityTestApplication.Handlers handlers;

	@AfterEach
	void allClientsGone() {
		await().atMost(Duration.ofSeconds(10)).until(() -> this.registry.size() == 0);
	}

	@Test
	void anonymousStreamIsRefusedWith403() throws Exception {
		HttpResponse<String> response = this.http.send(
				HttpRequest.newBuilder(uri("/wsem/sse?events=news")).header("Accept", "text/event-stream").build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(this.registry.size()).isZero();
	}

	@Test
	void streamLeavesOutTheRoomsTheUserMayNotRegisterFor() throws Exception {
		try (SseTestClient alice = open("alice", "/wsem/sse?events=admin,news")) {
			assertThat(alice.response.statusCode()).isEqualTo(200);
			alice.next("wsem:welcome");
			Map<String, Object> refused = this.json.readValue(alice.next("wsem:error").data(), MAP);
			assertThat(refused).containsEntry("code", "forbidden").containsEntry("rooms", List.of("admin"));
			this.events.emit("admin", "for admins");
			this.events.emit("news", "for everyone");
			SseTestClient.Event next = alice.next();
			assertThat(next.event()).isEqualTo("news");
			assertThat(next.data()).isEqualTo("for everyone");
		}
	}

	@Test
	void adminStreamGetsTheProtectedRoom() throws Exception {
		try (SseTestClient admin = open("admin", "/wsem/sse?events=admin")) {
			admin.next("wsem:welcome");
			this.events.emit("admin", "for admins");
			SseTestClient.Event next = admin.next();
			assertThat(next.event()).isEqualTo("admin");
			assertThat(next.data()).isEqualTo("for admins");
		}
	}

	@Test
	void emitOverHttpIsCheckedLikeAWebSocketFrame() throws Exception {
		try (SseTestClient alice = open("alice", "/wsem/sse?events=news")) {
			Map<?, ?> welcome = this.json.readValue(alice.next("wsem:welcome").data(), Map.class);
			String id = (String) welcome.get("id");
			String token = (String) welcome.get("token");
			HttpResponse<String> register = post(id, token,
					"{\"event\":\"wsem:register\",\"data\":\"admin\",\"ack\":1}");
			assertThat(register.statusCode()).isEqualTo(200);
			assertThat(this.json.readValue(register.body(), Map.class)).containsEntry("event", "wsem:error")
				.containsEntry("ack", 1);
			assertThat(register.body()).contains("\"code\":\"forbidden\"");
			HttpResponse<String> shutdown = post(id, token, "{\"event\":\"shutdown\",\"ack\":2}");
			assertThat(shutdown.body()).contains("\"code\":\"forbidden\"");
			assertThat(this.handlers.shutdowns).hasValue(0);
			HttpResponse<String> whoami = post(id, token, "{\"event\":\"whoami\",\"ack\":3}");
			assertThat(whoami.body()).isEqualTo("{\"event\":\"wsem:ack\",\"ack\":3,\"data\":\"alice\"}");
			this.events.emit("admin", "for admins");
			this.events.emit("news", "for everyone");
			assertThat(alice.next().event()).isEqualTo("news");
		}
	}

	private SseTestClient open(String user, String path) throws Exception {
		return new SseTestClient(this.http, uri(path), Map.of("Authorization", SecurityTestApplication.basic(user)));
	}

	private HttpResponse<String> post(String client, String token, String body) throws Exception {
		return this.http.send(HttpRequest.newBuilder(uri("/wsem/emit"))
			.header("Content-Type", "application/json")
			.header(SseEndpoint.CLIENT_HEADER, client)
			.header(SseEndpoint.TOKEN_HEADER, token)
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private URI uri(String path) {
		return URI.create("http://localhost:" + this.port + path);
	}

}
