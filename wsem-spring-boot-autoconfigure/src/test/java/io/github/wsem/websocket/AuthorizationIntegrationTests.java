package io.github.wsem.websocket;

import java.util.List;
import java.util.Map;

import io.github.wsem.core.Client;
import io.github.wsem.securitytest.SecurityTestApplication;
import io.github.wsem.securitytest.SecurityTestApplication.Handlers;
import io.github.wsem.securitytest.SecurityTestApplication.RoleAuthorizer;
import io.github.wsem.test.ServerTest;
import io.github.wsem.test.TestClient;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.security.core.Authentication;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@link io.github.wsem.core.WsemAuthorizer} over WebSocket, behind a real Spring
 * Security filter chain with HTTP Basic on the handshake.
 */
@SpringBootTest(classes = SecurityTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "wsem.client-id=principal" })
class AuthorizationIntegrationTests extends ServerTest {

	@Autowired
	private RoleAuthorizer authorizer;

	@Autowired
	private Handlers handlers;

	@Test
	void anonymousHandshakeIsRefusedWith403BeforeTheUpgrade() {
		assertThat(this.clients.builder().refusedStatus()).isEqualTo(403);
		assertThat(this.eventManager.clients().count()).isZero();
	}

	@Test
	void wrongPasswordIsRefusedBySpringSecurity() {
		assertThat(this.clients.builder().header("Authorization", "Basic YWxpY2U6d3Jvbmc=").refusedStatus())
			.isEqualTo(401);
	}

	@Test
	void principalOfTheHandshakeReachesTheAuthorizerTheClientAndHandlers() {
		TestClient alice = connect("alice");
		assertThat(this.authorizer.connected).contains("alice");
		Client client = this.eventManager.clients().find(alice.id()).orElseThrow();
		assertThat(client.principal()).isInstanceOf(Authentication.class);
		assertThat(client.principal().getName()).isEqualTo("alice");
		assertThat(alice.request("whoami", null).path("data").asString()).isEqualTo("alice");
	}

	@Test
	void userWithoutTheRoleIsForbiddenTheProtectedRoomAndNeverGetsItsEvents() {
		TestClient alice = connect("alice");
		TestClient admin = connect("admin");
		JsonNode refused = alice.request("wsem:register", List.of("admin", "news"));
		assertThat(refused.path("event").asString()).isEqualTo("wsem:error");
		assertThat(refused.path("data").path("code").asString()).isEqualTo("forbidden");
		assertThat(refused.path("data").path("rooms").toString()).isEqualTo("[\"admin\"]");
		assertThat(admin.register("admin").path("data").path("rooms").toString()).isEqualTo("[\"admin\"]");
		this.eventManager.emit("admin", "for admins");
		this.eventManager.emit("news", "for everyone");
		assertThat(admin.next().path("data").asString()).isEqualTo("for admins");
		JsonNode next = alice.next();
		assertThat(next.path("event").asString()).isEqualTo("news");
		assertThat(next.path("data").asString()).isEqualTo("for everyone");
		assertThat(this.eventManager.clients().find("alice").orElseThrow().rooms()).containsExactly("news");
	}

	@Test
	void refusedRegisterWithoutAckIsStillAnsweredForbidden() {
		TestClient alice = connect("alice");
		alice.send("wsem:register", "admin", null);
		JsonNode refused = alice.next();
		assertThat(refused.path("data").path("code").asString()).isEqualTo("forbidden");
		assertThat(refused.has("ack")).isFalse();
		assertThat(alice.isOpen()).isTrue();
	}

	@Test
	void refusedEmitRunsNoHandler() {
		TestClient alice = connect("alice");
		TestClient admin = connect("admin");
		JsonNode refused = alice.request("shutdown", null);
		assertThat(refused.path("event").asString()).isEqualTo("wsem:error");
		assertThat(refused.path("data").path("code").asString()).isEqualTo("forbidden");
		assertThat(this.handlers.shutdowns).hasValue(0);
		assertThat(admin.request("shutdown", null).path("data").asString()).isEqualTo("shutting down");
		assertThat(this.handlers.shutdowns).hasValue(1);
	}

	@Test
	void refusedDirectMessageReachesNobody() {
		TestClient alice = connect("alice");
		TestClient admin = connect("admin");
		JsonNode refused = alice.request("wsem:send", Map.of("to", List.of("admin"), "message", "let me in"));
		assertThat(refused.path("data").path("code").asString()).isEqualTo("forbidden");
		this.eventManager.send("admin", "first message for admin");
		assertThat(admin.next().path("data").path("message").asString()).isEqualTo("first message for admin");
		admin.send("wsem:send", Map.of("to", "alice", "message", "hello alice"), null);
		assertThat(alice.next().path("data").path("message").asString()).isEqualTo("hello alice");
	}

	@Test
	void connectionStaysUsableAfterRefusalsAndOthersAreUnharmed() {
		TestClient alice = connect("alice");
		TestClient admin = connect("admin");
		admin.register("admin");
		for (int i = 0; i < 20; i++) {
			assertThat(alice.request("shutdown", null).path("data").path("code").asString()).isEqualTo("forbidden");
			assertThat(alice.request("wsem:register", "admin").path("data").path("code").asString())
				.isEqualTo("forbidden");
		}
		assertThat(alice.isOpen()).isTrue();
		assertThat(alice.request("ping", null).path("data").asString()).isEqualTo("pong");
		assertThat(alice.register("news").path("data").path("rooms").toString()).isEqualTo("[\"news\"]");
		this.eventManager.emit("admin", "still here");
		assertThat(admin.next().path("data").asString()).isEqualTo("still here");
		assertThat(admin.request("ping", null).path("data").asString()).isEqualTo("pong");
	}

	private TestClient connect(String user) {
		return this.clients
			.track(this.clients.builder().header("Authorization", SecurityTestApplication.basic(user)).connect());
	}

}
