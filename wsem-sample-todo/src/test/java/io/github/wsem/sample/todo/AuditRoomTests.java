package io.github.wsem.sample.todo;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import io.github.wsem.client.WsemClientException;
import io.github.wsem.client.test.WsemTestClient;
import io.github.wsem.client.test.WsemTestClients;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

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
	WsemTestClients clients;

	@Autowired
	TodoStore store;

	@BeforeEach
	void emptyTheList() {
		this.store.clear();
	}

	@Test
	void anonymousClientIsForbiddenTheAuditRoomAndKeepsTheList() {
		WsemTestClient anonymous = this.clients.connect("todo");

		assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> anonymous.register("audit"))
			.withMessageContaining("[audit]");
		WsemClientException refused = anonymous.awaitError();
		assertThat(refused.code()).isEqualTo("forbidden");
		assertThat(refused.data().path("rooms").toString()).isEqualTo("[\"audit\"]");
		assertThat(anonymous.rooms()).containsExactly("todo");
		anonymous.emit("todo", Map.of("text", "milk")).expectAck(Todo.class);
		assertThat(anonymous.awaitEvent("todo", TodoChange.class).text()).isEqualTo("milk");
	}

	@Test
	void adminMayRegisterForTheAuditRoomAndSeesWhoDidWhat() {
		WsemTestClient admin = this.clients.connect((client) -> ADMIN.forEach(client::header), "audit");
		WsemTestClient anonymous = this.clients.connect();

		anonymous.emit("todo", Map.of("text", "bread")).expectAck(Todo.class);
		AuditEntry entry = admin.awaitEvent("audit", AuditEntry.class);
		assertThat(entry.action()).isEqualTo("added");
		assertThat(entry.todo()).isEqualTo("bread");
		assertThat(entry.by()).isEqualTo("anonymous");
		assertThat(entry.client()).isEqualTo(anonymous.id());
		admin.emit("todo", Map.of("text", "cheese")).expectAck(Todo.class);
		assertThat(admin.awaitEvent("audit", AuditEntry.class).by()).isEqualTo("admin");
	}

	@Test
	void auditPageNeedsTheAdmin() throws Exception {
		HttpClient http = HttpClient.newHttpClient();
		HttpRequest.Builder request = HttpRequest
			.newBuilder(URI.create("http://localhost:" + this.port + "/audit.html"));
		assertThat(http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode()).isIn(302, 401);
		ADMIN.forEach(request::header);
		assertThat(http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(200);
	}

}
