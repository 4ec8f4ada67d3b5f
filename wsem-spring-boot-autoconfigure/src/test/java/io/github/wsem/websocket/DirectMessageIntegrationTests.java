package io.github.wsem.websocket;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.github.wsem.core.DirectAnswer;
import io.github.wsem.core.EventManager;
import io.github.wsem.core.WsemException;
import io.github.wsem.test.TestClient;
import io.github.wsem.test.TestClients;
import io.github.wsem.testapp.TestApplication;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Direct messages of PROTOCOL.md sections 3 and 4 (WSMsgBroker's send and answer),
 * between real clients of a running server.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "wsem.answer-timeout=500ms", "wsem.max-recipients=5" })
class DirectMessageIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	EventManager events;

	private TestClients clients;

	@BeforeEach
	void open() {
		this.clients = new TestClients(this.port);
	}

	@AfterEach
	void closeClients() {
		this.clients.close();
	}

	@Test
	void messageWithoutAckReachesTheRecipientWithoutReply() {
		TestClient alice = this.clients.connect();
		TestClient bob = this.clients.connect();
		alice.send("wsem:send", Map.of("to", bob.id(), "message", "hi"), null);
		JsonNode message = bob.next();
		assertThat(message.path("event").asString()).isEqualTo("wsem:message");
		assertThat(message.path("data").path("from").asString()).isEqualTo(alice.id());
		assertThat(message.path("data").path("message").asString()).isEqualTo("hi");
		assertThat(message.path("data").has("reply")).isFalse();
	}

	@Test
	void firstAnswerIsRelayedAsTheAckAndLaterAnswersAreDropped() {
		TestClient alice = this.clients.connect();
		TestClient bob = this.clients.connect();
		TestClient carol = this.clients.connect();
		alice.send("wsem:send", Map.of("to", List.of(bob.id(), carol.id()), "message", Map.of("q", 1)), 8L);
		JsonNode toBob = bob.next();
		JsonNode toCarol = carol.next();
		long reply = toBob.path("data").path("reply").asLong();
		assertThat(reply).isPositive();
		assertThat(toCarol.path("data").path("reply").asLong()).isEqualTo(reply);
		carol.send("wsem:answer", Map.of("reply", reply, "message", "carol first"), null);
		JsonNode ack = alice.next();
		assertThat(ack.path("event").asString()).isEqualTo("wsem:ack");
		assertThat(ack.path("ack").asLong()).isEqualTo(8);
		assertThat(ack.path("data").path("from").asString()).isEqualTo(carol.id());
		assertThat(ack.path("data").path("message").asString()).isEqualTo("carol first");
		JsonNode late = bob.request("wsem:answer", Map.of("reply", reply, "message", "bob late"));
		assertThat(late.path("event").asString()).isEqualTo("wsem:ack");
		assertThat(alice.pending()).isEmpty();
	}

	@Test
	void noAnswerInTimeIsErrorTimeout() {
		TestClient alice = this.clients.connect();
		TestClient bob = this.clients.connect();
		alice.send("wsem:send", Map.of("to", bob.id(), "message", "anyone?"), 3L);
		assertThat(bob.next().path("data").path("reply").asLong()).isPositive();
		JsonNode error = alice.next();
		assertThat(error.path("event").asString()).isEqualTo("wsem:error");
		assertThat(error.path("ack").asLong()).isEqualTo(3);
		assertThat(error.path("data").path("code").asString()).isEqualTo("timeout");
	}

	@Test
	void unknownRecipientsAreListedAndTheKnownOnesStillGetTheMessage() {
		TestClient alice = this.clients.connect();
		TestClient bob = this.clients.connect();
		alice.send("wsem:send", Map.of("to", List.of(bob.id(), "ghost", "phantom"), "message", "hello"), 4L);
		JsonNode error = alice.next();
		assertThat(error.path("event").asString()).isEqualTo("wsem:error");
		assertThat(error.path("ack").asLong()).isEqualTo(4);
		assertThat(error.path("data").path("code").asString()).isEqualTo("unknown_client");
		List<String> unknown = new ArrayList<>();
		error.path("data").path("clients").forEach((id) -> unknown.add(id.asString()));
		assertThat(unknown).containsExactlyInAnyOrder("ghost", "phantom");
		JsonNode message = bob.next();
		assertThat(message.path("data").path("message").asString()).isEqualTo("hello");
		assertThat(message.path("data").has("reply")).isFalse();
	}

	@Test
	void answerToAMessageSentToSomeoneElseIsForbidden() {
		TestClient alice = this.clients.connect();
		TestClient bob = this.clients.connect();
		TestClient mallory = this.clients.connect();
		alice.send("wsem:send", Map.of("to", bob.id(), "message", "secret"), 5L);
		long reply = bob.next().path("data").path("reply").asLong();
		JsonNode forged = mallory.request("wsem:answer", Map.of("reply", reply, "message", "forged"));
		assertThat(forged.path("data").path("code").asString()).isEqualTo("forbidden");
		bob.send("wsem:answer", Map.of("reply", reply, "message", "real"), null);
		assertThat(alice.next().path("data").path("message").asString()).isEqualTo("real");
		assertThat(mallory.isOpen()).isTrue();
	}

	@Test
	void answerToAReplyIdThatDoesNotExistIsIgnored() {
		TestClient bob = this.clients.connect();
		JsonNode answer = bob.request("wsem:answer", Map.of("reply", 987654321, "message", "nobody asked"));
		assertThat(answer.path("event").asString()).isEqualTo("wsem:ack");
		JsonNode malformed = bob.request("wsem:answer", Map.of("message", "no reply id"));
		assertThat(malformed.path("data").path("code").asString()).isEqualTo("bad_frame");
		assertThat(bob.isOpen()).isTrue();
	}

	@Test
	void messageToOneselfIsAllowed() {
		TestClient alice = this.clients.connect();
		alice.send("wsem:send", Map.of("to", alice.id(), "message", "note to self"), 6L);
		JsonNode message = alice.next();
		assertThat(message.path("event").asString()).isEqualTo("wsem:message");
		long reply = message.path("data").path("reply").asLong();
		alice.send("wsem:answer", Map.of("reply", reply, "message", "noted"), null);
		JsonNode ack = alice.next();
		assertThat(ack.path("data").path("from").asString()).isEqualTo(alice.id());
		assertThat(ack.path("data").path("message").asString()).isEqualTo("noted");
	}

	@Test
	void tooManyRecipientsAreRefusedAndNobodyGetsTheMessage() {
		TestClient alice = this.clients.connect();
		TestClient bob = this.clients.connect();
		List<String> recipients = new ArrayList<>(List.of(bob.id()));
		for (int i = 0; i < 10_000; i++) {
			recipients.add("c" + i);
		}
		JsonNode error = alice.request("wsem:send", Map.of("to", recipients.subList(0, 6), "message", "spam"));
		assertThat(error.path("data").path("code").asString()).isEqualTo("bad_frame");
		assertThat(error.path("data").path("message").asString()).contains("5 recipients");
		alice.send("wsem:send", Map.of("to", recipients, "message", "spam"), 9L);
		JsonNode huge = alice.next();
		assertThat(huge.path("event").asString()).isEqualTo("wsem:error");
		assertThat(huge.path("data").path("code").asString()).isEqualTo("too_large");
		assertThat(bob.pending()).isEmpty();
		assertThat(alice.isOpen()).isTrue();
	}

	@Test
	void malformedSendIsBadFrame() {
		TestClient alice = this.clients.connect();
		assertThat(alice.request("wsem:send", "not an object").path("data").path("code").asString())
			.isEqualTo("bad_frame");
		assertThat(alice.request("wsem:send", Map.of("to", 42)).path("data").path("code").asString())
			.isEqualTo("bad_frame");
		assertThat(alice.request("wsem:send", Map.of("to", List.of())).path("data").path("code").asString())
			.isEqualTo("bad_frame");
	}

	@Test
	void serverMessagesComeFromServerAndRequestsGetTheAnswer() throws Exception {
		TestClient bob = this.clients.connect();
		this.events.send(bob.id(), Map.of("notice", "maintenance"));
		JsonNode notice = bob.next();
		assertThat(notice.path("data").path("from").asString()).isEqualTo("server");
		assertThat(notice.path("data").has("reply")).isFalse();
		CompletableFuture<DirectAnswer> answer = this.events.request(bob.id(), "ready?", Duration.ofSeconds(5));
		long reply = bob.next().path("data").path("reply").asLong();
		bob.send("wsem:answer", Map.of("reply", reply, "message", "yes"), null);
		DirectAnswer result = answer.get(5, TimeUnit.SECONDS);
		assertThat(result.from()).isEqualTo(bob.id());
		assertThat(result.message()).isEqualTo("yes");
	}

	@Test
	void serverRequestToUnknownClientFailsAndUnansweredOneTimesOut() {
		assertThatThrownBy(() -> this.events.request("ghost", "hello?", Duration.ofSeconds(1)).join())
			.hasCauseInstanceOf(WsemException.class);
		TestClient bob = this.clients.connect();
		CompletableFuture<DirectAnswer> answer = this.events.request(bob.id(), "hello?", Duration.ofMillis(200));
		assertThatThrownBy(() -> answer.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(TimeoutException.class);
	}

}
