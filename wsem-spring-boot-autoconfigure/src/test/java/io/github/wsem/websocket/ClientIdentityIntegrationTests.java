package io.github.wsem.websocket;

import java.util.Map;

import io.github.wsem.test.TestClient;
import io.github.wsem.test.ServerTest;
import io.github.wsem.testapp.TestApplication;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Where client ids come from: random by default, chosen only when allowed and free,
 * the principal's name with {@code wsem.client-id=principal}.
 */
class ClientIdentityIntegrationTests {

	abstract static class ServerTests extends ServerTest {

	}

	@Nested
	@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
	class ByDefault extends ServerTests {

		@Test
		void idsAreRandomAndUnguessable() {
			TestClient first = this.clients.connect();
			TestClient second = this.clients.connect();
			assertThat(first.id()).matches("[A-Za-z0-9_-]{22,}").isNotEqualTo(second.id());
		}

		@Test
		void clientCannotChooseItsIdAndSoCannotSpeakAsAnother() {
			TestClient victim = this.clients.connect();
			TestClient impostor = this.clients.track(this.clients.builder().path("/wsem?id=" + victim.id())
				.connectAsync()
				.join());
			assertThat(impostor.awaitClose().code()).isEqualTo(1008);
			this.eventManager.send(victim.id(), "only for the victim");
			assertThat(victim.next().path("data").path("message").asString()).isEqualTo("only for the victim");
		}

	}

	@Nested
	@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
			properties = "wsem.allow-chosen-ids=true")
	class WithChosenIds extends ServerTests {

		@Test
		void clientMayChooseAFreeId() {
			TestClient client0 = this.clients.track(this.clients.builder().path("/wsem?id=client0").connect());
			TestClient client1 = this.clients.track(this.clients.builder().path("/wsem?id=client1").connect());
			assertThat(client0.id()).isEqualTo("client0");
			client0.send("wsem:send", Map.of("to", "client1", "message", "Hi there"), 1L);
			JsonNode message = client1.next();
			assertThat(message.path("data").path("from").asString()).isEqualTo("client0");
			client1.send("wsem:answer",
					Map.of("reply", message.path("data").path("reply").asLong(), "message", "Hi to you too, sir."),
					null);
			assertThat(client0.next().path("data").path("message").asString()).isEqualTo("Hi to you too, sir.");
		}

		@Test
		void secondClaimantOfAnIdIsRefused() {
			TestClient first = this.clients.track(this.clients.builder().path("/wsem?id=taken").connect());
			TestClient second = this.clients.track(this.clients.builder().path("/wsem?id=taken").connectAsync().join());
			TestClient.CloseStatus status = second.awaitClose();
			assertThat(status.code()).isEqualTo(1008);
			assertThat(status.reason()).contains("in use");
			assertThat(first.isOpen()).isTrue();
			this.eventManager.send("taken", "still yours");
			assertThat(first.next().path("data").path("message").asString()).isEqualTo("still yours");
		}

		@Test
		void reservedIdsCannotBeChosen() {
			TestClient server = this.clients.track(this.clients.builder().path("/wsem?id=server").connectAsync().join());
			assertThat(server.awaitClose().code()).isEqualTo(1008);
		}

	}

	@Nested
	@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
			properties = "wsem.client-id=principal")
	class WithPrincipalIds extends ServerTests {

		@Test
		void idIsThePrincipalsNameAndAllTabsOfTheUserShareIt() {
			TestClient tab1 = this.clients.track(this.clients.builder().header("X-Test-User", "alice").connect());
			TestClient tab2 = this.clients.track(this.clients.builder().header("X-Test-User", "alice").connect());
			TestClient anonymous = this.clients.connect();
			assertThat(tab1.id()).isEqualTo("alice");
			assertThat(tab2.id()).isEqualTo("alice");
			assertThat(anonymous.id()).isNotEqualTo("alice").hasSizeGreaterThanOrEqualTo(22);
			anonymous.send("wsem:send", Map.of("to", "alice", "message", "to every tab"), null);
			assertThat(tab1.next().path("data").path("message").asString()).isEqualTo("to every tab");
			assertThat(tab2.next().path("data").path("message").asString()).isEqualTo("to every tab");
			tab1.closeAndWait();
			this.eventManager.send("alice", "still here");
			assertThat(tab2.next().path("data").path("message").asString()).isEqualTo("still here");
		}

		@Test
		void aUserNamedLikeAReservedIdIsRefusedAndOthersAreUnharmed() {
			TestClient alice = this.clients.track(this.clients.builder().header("X-Test-User", "alice").connect());
			for (String reserved : new String[] { "server", "wsem:admin" }) {
				TestClient refused = this.clients
					.track(this.clients.builder().header("X-Test-User", reserved).connectAsync().join());
				TestClient.CloseStatus status = refused.awaitClose();
				assertThat(status.code()).isEqualTo(1008);
				assertThat(status.reason()).contains("reserved");
			}
			assertThat(this.eventManager.clients().find("server")).isEmpty();
			this.eventManager.send("alice", "still here");
			assertThat(alice.next().path("data").path("message").asString()).isEqualTo("still here");
		}

	}

}
