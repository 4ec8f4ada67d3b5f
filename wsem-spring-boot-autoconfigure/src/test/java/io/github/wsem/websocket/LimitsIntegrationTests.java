package io.github.wsem.websocket;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import io.github.wsem.test.TestClient;
import io.github.wsem.test.ServerTest;
import io.github.wsem.testapp.TestApplication;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import static io.github.wsem.test.WsemAssertions.assertReceivedNothing;
import static io.github.wsem.test.WsemAssertions.assertStillWorks;
import static io.github.wsem.websocket.AbstractProtocolIntegrationTests.assertError;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The per-client limits: {@code wsem.max-rooms-per-client}, {@code wsem.max-frame-size}
 * and {@code wsem.max-errors-per-minute}, set small.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "wsem.max-rooms-per-client=3", "wsem.max-frame-size=1KB", "wsem.max-errors-per-minute=5" })
class LimitsIntegrationTests extends ServerTest {

	// rooms

	@Test
	void answersARegisterPastTheRoomLimitWithTooManyRooms() {
		TestClient client = this.clients.connect();
		TestClient bystander = this.clients.connect();
		String first = room();
		client.register(first);
		client.send(TestClient.frame("wsem:register", List.of(room(), room(), room()), 21L));
		assertError(client.next(), "too_many_rooms", 21L);
		assertStillWorks(client, this.eventManager);
		assertReceivedNothing(bystander, this.eventManager);
	}

	@Test
	void joinsNoneOfTheRoomsOfARegisterPastTheLimit() {
		TestClient client = this.clients.connect();
		String first = room();
		String second = room();
		client.register(first, second);
		String third = room();
		String fourth = room();
		client.send(TestClient.frame("wsem:register", List.of(third, fourth), 22L));
		assertError(client.next(), "too_many_rooms", 22L);
		assertThat(this.eventManager.hasClientRegistration(third)).isFalse();
		assertThat(this.eventManager.hasClientRegistration(fourth)).isFalse();
	}

	@Test
	void countsARoomRegisteredTwiceOnce() {
		TestClient client = this.clients.connect();
		String first = room();
		String second = room();
		String third = room();
		client.register(first, second, third);
		JsonNode ack = client.request("wsem:register", List.of(third, third));
		assertThat(ack.path("event").asString()).isEqualTo("wsem:ack");
	}

	// frame size

	@Test
	void answersAFrameOverTheSizeLimitWithTooLargeWithoutAck() {
		TestClient client = this.clients.connect();
		TestClient bystander = this.clients.connect();
		client.send(TestClient.frame("echo", "x".repeat(1100), 23L));
		assertError(client.next(), "too_large", null);
		assertStillWorks(client, this.eventManager);
		assertReceivedNothing(bystander, this.eventManager);
	}

	@Test
	void answersAFrameFarOverTheContainersBuffersWithTooLargeAndStaysOpen() {
		TestClient client = this.clients.connect();
		client.send(TestClient.frame("echo", "x".repeat(2 * 1024 * 1024), 29L));
		assertError(client.next(), "too_large", null);
		assertStillWorks(client, this.eventManager);
	}

	@Test
	void acceptsAFrameOfExactlyTheSizeLimit() {
		TestClient client = this.clients.connect();
		String empty = TestClient.frame("echo", "", 24L);
		String frame = TestClient.frame("echo", "x".repeat(1024 - empty.length()), 24L);
		assertThat(frame).hasSize(1024);
		client.send(frame);
		assertThat(client.next().path("event").asString()).isEqualTo("wsem:ack");
	}

	@Test
	void measuresTheFrameSizeInUtf8Bytes() {
		TestClient client = this.clients.connect();
		String frame = TestClient.frame("echo", "€".repeat(400), 25L);
		assertThat(frame.length()).isLessThan(1024);
		client.send(frame);
		assertError(client.next(), "too_large", null);
		assertStillWorks(client, this.eventManager);
	}

	@Test
	void measuresCharactersOutsideTheBmpAsFourBytes() {
		TestClient client = this.clients.connect();
		String frame = TestClient.frame("echo", "\uD83D\uDE00".repeat(250), 28L);
		assertThat(frame.getBytes(StandardCharsets.UTF_8)).hasSizeGreaterThan(1024);
		client.send(frame);
		assertError(client.next(), "too_large", null);
	}

	@Test
	void answersAFragmentedFrameOverTheSizeLimitWithTooLarge() {
		TestClient client = this.clients.connect();
		TestClient bystander = this.clients.connect();
		String frame = TestClient.frame("echo", "y".repeat(3000), 26L);
		client.sendParts(split(frame, 6));
		assertError(client.next(), "too_large", null);
		assertStillWorks(client, this.eventManager);
		assertReceivedNothing(bystander, this.eventManager);
	}

	@Test
	void reassemblesAFragmentedFrameUnderTheSizeLimit() {
		TestClient client = this.clients.connect();
		String data = "z".repeat(900);
		client.sendParts(split(TestClient.frame("echo", data, 27L), 5));
		JsonNode ack = client.next();
		assertThat(ack.path("event").asString()).isEqualTo("wsem:ack");
		assertThat(ack.path("data").asString()).isEqualTo(data);
	}

	// error budget

	@Test
	void closesAClientThatKeepsSendingBadFramesAfterAnsweringTheLastOne() {
		TestClient client = this.clients.connect();
		TestClient bystander = this.clients.connect();
		for (int i = 1; i <= 5; i++) {
			client.send("not json " + i);
			assertError(client.next(), "bad_frame", null);
		}
		assertThat(client.isOpen()).isTrue();
		client.send("not json 6");
		assertError(client.next(), "bad_frame", null);
		TestClient.CloseStatus status = client.awaitClose();
		assertThat(status.code()).isEqualTo(1008);
		assertStillWorks(bystander, this.eventManager);
	}

	@Test
	void countsEveryKindOfBadFrameTowardsTheBudget() {
		TestClient client = this.clients.connect();
		client.send("not json");
		assertError(client.next(), "bad_frame", null);
		client.send(TestClient.frame("", null, 1L));
		assertError(client.next(), "bad_event_name", 1L);
		client.send(TestClient.frame("wsem:foo", null, 2L));
		assertError(client.next(), "reserved_event", 2L);
		client.send(TestClient.frame("nobody-listens", null, 3L));
		assertError(client.next(), "no_handler", 3L);
		client.send(TestClient.frame("echo", "x".repeat(2000), 4L));
		assertError(client.next(), "too_large", null);
		client.sendBinary(new byte[] { 1 });
		assertError(client.next(), "bad_frame", null);
		assertThat(client.awaitClose().code()).isEqualTo(1008);
	}

	@Test
	void doesNotCountHandlerFailuresTowardsTheBudget() {
		TestClient client = this.clients.connect();
		for (int i = 0; i < 8; i++) {
			JsonNode error = client.request("fail", null);
			assertError(error, "internal", error.path("ack").asLong());
		}
		assertStillWorks(client, this.eventManager);
	}

	private static String[] split(String text, int parts) {
		String[] result = new String[parts];
		int size = (text.length() + parts - 1) / parts;
		for (int i = 0; i < parts; i++) {
			result[i] = text.substring(Math.min(i * size, text.length()), Math.min((i + 1) * size, text.length()));
		}
		return result;
	}

	private static String room() {
		return "room-" + UUID.randomUUID();
	}

}
