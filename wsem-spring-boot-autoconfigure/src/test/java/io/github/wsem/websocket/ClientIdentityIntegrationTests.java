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
 * Where client ids come from: random by default, chosen only when allowed and free, the
 * principal's name with {@code wsem.client-id=principal}.
 */
class ClientIdentityIntegrationTests {

	abstract static class ServerTests extends ServerTest {

		static JsonNode changeId(TestClient client, String id) {
			return client.request("wsem:id", id);
		}

		static void assertError(JsonNode answer, String code) {
			assertThat(answer.path("event").asString()).as(answer.toString()).isEqualTo("wsem:error");
			assertThat(answer.path("data").path("code").asString()).as(answer.toString()).isEqualTo(code);
		}

		static void assertStillWorks(TestClient client) {
			assertThat(client.request("echo", "still here").path("data").asString()).isEqualTo("still here");
			assertThat(client.isOpen()).isTrue();
		}

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
			TestClient impostor = this.clients
				.track(this.clients.builder().path("/wsem?id=" + victim.id()).connectAsync().join());
			assertThat(impostor.awaitClose().code()).isEqualTo(1008);
			this.eventManager.send(victim.id(), "only for the victim");
			assertThat(victim.next().path("data").path("message").asString()).isEqualTo("only for the victim");
		}

		@Test
		void aClientGivesUpItsIdForAFreshOneAndKeepsItsRooms() {
			TestClient client = this.clients.connect();
			TestClient bob = this.clients.connect();
			client.register("news");
			String previous = client.id();
			JsonNode ack = changeId(client, null);
			assertThat(ack.path("event").asString()).isEqualTo("wsem:ack");
			String id = ack.path("data").path("id").asString();
			assertThat(id).matches("[A-Za-z0-9_-]{22,}").isNotEqualTo(previous);
			assertThat(ack.path("data").path("previous").asString()).isEqualTo(previous);
			assertThat(this.eventManager.clients().find(previous)).isEmpty();
			assertThat(this.eventManager.clients().find(id)).isPresent();
			JsonNode unknown = bob.request("wsem:send", Map.of("to", previous, "message", "anyone?"));
			assertError(unknown, "unknown_client");
			assertThat(unknown.path("data").path("clients").toString()).isEqualTo("[\"" + previous + "\"]");
			bob.send("wsem:send", Map.of("to", id, "message", "found you"), null);
			JsonNode message = client.next();
			assertThat(message.path("data").path("message").asString()).isEqualTo("found you");
			assertThat(message.path("data").path("from").asString()).isEqualTo(bob.id());
			this.eventManager.emit("news", "rooms stay");
			assertThat(client.next().path("data").asString()).isEqualTo("rooms stay");
			this.eventManager.send(id, "from the server");
			assertThat(client.next().path("data").path("message").asString()).isEqualTo("from the server");
		}

		@Test
		void choosingAnIdIsForbiddenByDefaultAndBadDataIsABadFrame() {
			TestClient client = this.clients.connect();
			TestClient other = this.clients.connect();
			String id = client.id();
			assertError(changeId(client, "alice"), "forbidden");
			assertError(client.request("wsem:id", Map.of("id", "alice")), "bad_frame");
			assertError(changeId(client, "server"), "invalid_id");
			assertThat(this.eventManager.clients().find(id)).isPresent();
			assertThat(this.eventManager.clients().find("alice")).isEmpty();
			assertStillWorks(client);
			assertStillWorks(other);
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
		void aClientTakesAChosenIdWithoutReconnectingAndGivesItUpAgain() {
			TestClient client = this.clients.connect();
			TestClient sender = this.clients.connect();
			JsonNode ack = changeId(client, "carol");
			assertThat(ack.path("data").path("id").asString()).isEqualTo("carol");
			assertThat(client.request("wsem:id", "carol").path("data").path("id").asString()).isEqualTo("carol");
			sender.send("wsem:send", Map.of("to", "carol", "message", "hello carol"), null);
			assertThat(client.next().path("data").path("message").asString()).isEqualTo("hello carol");
			String fresh = changeId(client, null).path("data").path("id").asString();
			assertThat(fresh).isNotEqualTo("carol");
			assertError(sender.request("wsem:send", Map.of("to", "carol", "message", "gone?")), "unknown_client");
			TestClient newCarol = this.clients.track(this.clients.builder().path("/wsem?id=carol").connect());
			assertThat(newCarol.id()).isEqualTo("carol");
		}

		@Test
		void takingAnIdInUseReservedOrMalformedIsRefusedAndHarmsNobody() {
			TestClient holder = this.clients.track(this.clients.builder().path("/wsem?id=dave").connect());
			TestClient client = this.clients.connect();
			String id = client.id();
			JsonNode taken = changeId(client, "dave");
			assertError(taken, "id_taken");
			assertThat(taken.path("data").path("id").asString()).isEqualTo("dave");
			for (String bad : new String[] { "server", "wsem:dave", "", "a\u0001b", "x".repeat(129) }) {
				assertError(changeId(client, bad), "invalid_id");
			}
			assertError(client.request("wsem:id", 7), "bad_frame");
			assertThat(client.id()).isEqualTo(id);
			assertThat(this.eventManager.clients().find(id)).isPresent();
			this.eventManager.send("dave", "still yours");
			assertThat(holder.next().path("data").path("message").asString()).isEqualTo("still yours");
			assertStillWorks(client);
			assertStillWorks(holder);
		}

		@Test
		void reservedIdsCannotBeChosen() {
			TestClient server = this.clients
				.track(this.clients.builder().path("/wsem?id=server").connectAsync().join());
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

		@Test
		void aUsersIdCannotBeGivenUpOrChangedButAnAnonymousClientsCan() {
			TestClient alice = this.clients.track(this.clients.builder().header("X-Test-User", "alice").connect());
			assertError(changeId(alice, null), "forbidden");
			assertError(changeId(alice, "bob"), "forbidden");
			assertThat(this.eventManager.clients().find("alice")).isPresent();
			assertStillWorks(alice);
			TestClient anonymous = this.clients.connect();
			String fresh = changeId(anonymous, null).path("data").path("id").asString();
			assertThat(fresh).isNotEqualTo(anonymous.id()).hasSizeGreaterThanOrEqualTo(22);
		}

	}

}
