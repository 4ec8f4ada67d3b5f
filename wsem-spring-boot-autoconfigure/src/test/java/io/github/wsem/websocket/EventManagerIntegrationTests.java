package io.github.wsem.websocket;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.github.wsem.core.Broadcast;
import io.github.wsem.core.Client;
import io.github.wsem.core.EventManager;
import io.github.wsem.core.RegistrationListener;
import io.github.wsem.core.Transport;
import io.github.wsem.test.TestClient;
import io.github.wsem.test.ServerTest;
import io.github.wsem.testapp.ConnectionEvents;
import io.github.wsem.testapp.TestApplication;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import static io.github.wsem.test.WsemAssertions.assertReceivedNothing;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The {@link EventManager} API against real clients: targeted emits, registrations,
 * connection events and the connection manager.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
class EventManagerIntegrationTests extends ServerTest {

	private static final Duration WAIT = Duration.ofSeconds(10);

	@Autowired
	ConnectionEvents connectionEvents;

	// targeted emits

	@Test
	void emitsToTheMembersOfARoomWithAnotherEventName() {
		TestClient member = this.clients.connect();
		TestClient other = this.clients.connect();
		String room = room();
		member.register(room);
		other.register(room());
		this.eventManager.to(room).emit("news", "for members");
		JsonNode frame = member.next();
		assertThat(frame.path("event").asString()).isEqualTo("news");
		assertThat(frame.path("data").asString()).isEqualTo("for members");
		assertReceivedNothing(other, this.eventManager);
	}

	@Test
	void leavesOutTheExceptedClient() {
		TestClient sender = this.clients.connect();
		TestClient receiver = this.clients.connect();
		String room = room();
		sender.register(room);
		receiver.register(room);
		this.eventManager.except(sender.id()).emit(room, "not for the sender");
		assertThat(receiver.next().path("data").asString()).isEqualTo("not for the sender");
		assertReceivedNothing(sender, this.eventManager);
	}

	@Test
	void combinesRoomAndExcept() {
		TestClient sender = this.clients.connect();
		TestClient receiver = this.clients.connect();
		String room = room();
		sender.register(room);
		receiver.register(room);
		this.eventManager.to(room).except(sender.id()).emit("chat", "hi");
		assertThat(receiver.next().path("event").asString()).isEqualTo("chat");
		assertReceivedNothing(sender, this.eventManager);
	}

	@Test
	void deliversAnEmitToSeveralRoomsOncePerClient() {
		TestClient inBoth = this.clients.connect();
		TestClient inOne = this.clients.connect();
		String first = room();
		String second = room();
		inBoth.register(first, second);
		inOne.register(second);
		this.eventManager.to(first).to(second).emit("news", 1);
		assertThat(inBoth.next().path("event").asString()).isEqualTo("news");
		assertThat(inOne.next().path("event").asString()).isEqualTo("news");
		assertReceivedNothing(inBoth, this.eventManager);
		assertReceivedNothing(inOne, this.eventManager);
	}

	@Test
	void keepsEachBroadcastOperatorUnchanged() {
		TestClient firstMember = this.clients.connect();
		TestClient secondMember = this.clients.connect();
		String first = room();
		String second = room();
		firstMember.register(first);
		secondMember.register(second);
		Broadcast toFirst = this.eventManager.to(first);
		toFirst.to(second);
		toFirst.except(firstMember.id());
		toFirst.emit("news", "first only");
		assertThat(firstMember.next().path("data").asString()).isEqualTo("first only");
		assertReceivedNothing(secondMember, this.eventManager);
	}

	// registrations

	@Test
	void tellsWhetherAnEventHasRegistrations() {
		TestClient client = this.clients.connect();
		String room = room();
		assertThat(this.eventManager.hasClientRegistration(room)).isFalse();
		client.register(room);
		assertThat(this.eventManager.hasClientRegistration(room)).isTrue();
		client.close();
		await().atMost(WAIT).until(() -> !this.eventManager.hasClientRegistration(room));
	}

	@Test
	void tellsRegistrationListenersTheCurrentIds() throws InterruptedException {
		String room = room();
		BlockingQueue<Set<String>> changes = new LinkedBlockingQueue<>();
		RegistrationListener listener = (event, ids) -> {
			assertThat(event).isEqualTo(room);
			changes.add(ids);
		};
		this.eventManager.addListener(room, listener);
		try {
			TestClient first = this.clients.connect();
			TestClient second = this.clients.connect();
			first.register(room);
			assertThat(changes.poll(10, TimeUnit.SECONDS)).containsExactly(first.id());
			second.register(room);
			assertThat(changes.poll(10, TimeUnit.SECONDS)).containsExactlyInAnyOrder(first.id(), second.id());
			first.request("wsem:unregister", room);
			assertThat(changes.poll(10, TimeUnit.SECONDS)).containsExactly(second.id());
			second.close();
			assertThat(changes.poll(10, TimeUnit.SECONDS)).isEmpty();
		}
		finally {
			this.eventManager.removeListener(room, listener);
		}
	}

	@Test
	void stopsTellingARemovedRegistrationListener() {
		String room = room();
		BlockingQueue<Set<String>> changes = new LinkedBlockingQueue<>();
		RegistrationListener listener = (event, ids) -> changes.add(ids);
		this.eventManager.addListener(room, listener);
		this.eventManager.removeListener(room, listener);
		this.clients.connect().register(room);
		assertThat(changes).isEmpty();
	}

	// connection events

	@Test
	void publishesClientConnectedEvent() {
		TestClient client = this.clients.connect();
		await().atMost(WAIT)
			.untilAsserted(() -> assertThat(this.connectionEvents.connected()).containsEntry(client.id(),
					Transport.WEBSOCKET));
	}

	@Test
	void publishesClientDisconnectedEventWithTheCloseCode() {
		TestClient client = this.clients.connect();
		client.closeAndWait();
		await().atMost(WAIT)
			.untilAsserted(() -> assertThat(this.connectionEvents.disconnected()).containsEntry(client.id(), 1000));
	}

	// the connection manager

	@Test
	void countsFindsAndFiltersTheConnectedClients() {
		await().atMost(WAIT).until(() -> this.eventManager.clients().count() == 0);
		TestClient first = this.clients.connect();
		TestClient second = this.clients.connect();
		TestClient third = this.clients.connect();
		String room = room();
		first.register(room);
		third.register(room);
		assertThat(this.eventManager.clients().count()).isEqualTo(3);
		assertThat(this.eventManager.clients().find(second.id())).get()
			.satisfies((client) -> assertThat(client.transport()).isEqualTo(Transport.WEBSOCKET));
		assertThat(this.eventManager.clients().find("no-such-client")).isEmpty();
		assertThat(this.eventManager.clients().filter((client) -> client.rooms().contains(room))).extracting(Client::id)
			.containsExactlyInAnyOrder(first.id(), third.id());
		assertThat(this.eventManager.clients().stream().map(Client::id)).containsExactlyInAnyOrder(first.id(),
				second.id(), third.id());
		assertThat(this.eventManager.clients()).hasSize(3);
	}

	@Test
	void findsAClientAsSoonAsItHasItsWelcome() {
		for (int i = 0; i < 50; i++) {
			TestClient client = this.clients.connect();
			assertThat(this.eventManager.clients().find(client.id())).isPresent();
		}
	}

	@Test
	void forgetsAClientThatDisconnected() {
		TestClient client = this.clients.connect();
		assertThat(this.eventManager.clients().find(client.id())).isPresent();
		client.closeAndWait();
		await().atMost(WAIT).until(() -> this.eventManager.clients().find(client.id()).isEmpty());
	}

	@Test
	void exposesTheHandshakeHeadersAndAttributesOfAClient() {
		TestClient client = this.clients.track(this.clients.builder().header("X-Test", "yes").connect());
		Client server = find(client);
		assertThat(server.handshakeHeaders().getFirst("X-Test")).isEqualTo("yes");
		assertThat(server.principal()).isNull();
		assertThat(server.isOpen()).isTrue();
		server.attributes().put("user", "ada");
		assertThat(find(client).attributes()).containsEntry("user", "ada");
	}

	@Test
	void exposesTheRoomsOfAClient() {
		TestClient client = this.clients.connect();
		String first = room();
		String second = room();
		client.register(first, second);
		assertThat(find(client).rooms()).containsExactlyInAnyOrder(first, second);
	}

	@Test
	void sendsAnEventToOneClient() {
		TestClient client = this.clients.connect();
		TestClient other = this.clients.connect();
		find(client).send("direct", Map.of("n", 1));
		JsonNode frame = client.next();
		assertThat(frame.path("event").asString()).isEqualTo("direct");
		assertThat(frame.path("data").path("n").asInt()).isEqualTo(1);
		assertReceivedNothing(other, this.eventManager);
	}

	@Test
	void sendsRawTextToOneClient() {
		TestClient client = this.clients.connect();
		find(client).sendText("plain words");
		assertThat(client.nextText()).isEqualTo("plain words");
	}

	@Test
	void joinsAndLeavesRoomsFromTheServer() {
		TestClient client = this.clients.connect();
		String room = room();
		find(client).join(room);
		assertThat(this.eventManager.hasClientRegistration(room)).isTrue();
		this.eventManager.emit(room, "joined");
		assertThat(client.next().path("data").asString()).isEqualTo("joined");
		find(client).leave(room);
		assertThat(this.eventManager.hasClientRegistration(room)).isFalse();
		this.eventManager.emit(room, "left");
		assertReceivedNothing(client, this.eventManager);
	}

	@Test
	void rejectsAClientWithPolicyViolationAndTheReason() {
		TestClient client = this.clients.connect();
		find(client).reject("Go away");
		TestClient.CloseStatus status = client.awaitClose();
		assertThat(status.code()).isEqualTo(1008);
		assertThat(status.reason()).isEqualTo("Go away");
		await().atMost(WAIT)
			.untilAsserted(() -> assertThat(this.connectionEvents.disconnected()).containsEntry(client.id(), 1008));
		assertThat(this.eventManager.clients().find(client.id())).isEmpty();
	}

	@Test
	void rejectsAClientWithAReasonLongerThanACloseFrameHolds() {
		TestClient client = this.clients.connect();
		find(client).reject("Rejected: " + "é".repeat(200));
		TestClient.CloseStatus status = client.awaitClose();
		assertThat(status.code()).isEqualTo(1008);
		assertThat(status.reason()).startsWith("Rejected: é");
		assertThat(status.reason().getBytes(StandardCharsets.UTF_8)).hasSizeLessThanOrEqualTo(123);
	}

	@Test
	void closesAClientNormallyAfterItsQueuedFrames() {
		TestClient client = this.clients.connect();
		Client server = find(client);
		server.send("last words", null);
		server.close();
		assertThat(client.next().path("event").asString()).isEqualTo("last words");
		assertThat(client.awaitClose().code()).isEqualTo(1000);
		assertThat(server.isOpen()).isFalse();
	}

	@Test
	void reachesRoomMembersAfterAnotherMemberLeft() {
		List<TestClient> members = List.of(this.clients.connect(), this.clients.connect(), this.clients.connect());
		String room = room();
		members.forEach((member) -> member.register(room));
		members.get(1).closeAndWait();
		await().atMost(WAIT).until(() -> this.eventManager.clients().find(members.get(1).id()).isEmpty());
		this.eventManager.emit(room, "still here");
		assertThat(members.get(0).next().path("data").asString()).isEqualTo("still here");
		assertThat(members.get(2).next().path("data").asString()).isEqualTo("still here");
	}

	private Client find(TestClient client) {
		return this.eventManager.clients().find(client.id()).orElseThrow();
	}

	private static String room() {
		return "room-" + UUID.randomUUID();
	}

}
