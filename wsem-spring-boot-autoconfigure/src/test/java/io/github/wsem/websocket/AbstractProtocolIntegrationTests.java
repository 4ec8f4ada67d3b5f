package io.github.wsem.websocket;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.github.wsem.core.JsonCodec;
import io.github.wsem.test.TestClient;
import io.github.wsem.test.ServerTest;
import io.github.wsem.testapp.TestListeners;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import static io.github.wsem.test.WsemAssertions.assertReceivedNothing;
import static io.github.wsem.test.WsemAssertions.assertStillWorks;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The wire protocol of PROTOCOL.md sections 2 to 4 over a real WebSocket, run once per
 * JSON codec by the subclasses.
 */
abstract class AbstractProtocolIntegrationTests extends ServerTest {

	@Autowired
	JsonCodec codec;

	abstract Class<? extends JsonCodec> expectedCodec();

	@Test
	void usesTheConfiguredCodec() {
		assertThat(this.codec).isInstanceOf(expectedCodec());
	}

	// welcome

	@Test
	void sendsTheWelcomeFrameFirst() {
		JsonNode welcome = this.clients.connect().welcome();
		assertThat(welcome.path("event").asString()).isEqualTo("wsem:welcome");
		assertThat(welcome.has("ack")).isFalse();
		JsonNode data = welcome.path("data");
		assertThat(data.path("id").asString()).hasSizeGreaterThanOrEqualTo(22);
		assertThat(data.path("protocol").isInt()).isTrue();
		assertThat(data.path("protocol").asInt()).isEqualTo(1);
		assertThat(data.path("receive").asString()).isEqualTo("application/json");
		assertThat(data.path("send").asString()).isEqualTo("application/json");
	}

	@Test
	void givesEachClientItsOwnId() {
		assertThat(this.clients.connect().id()).isNotEqualTo(this.clients.connect().id());
	}

	// register, emit, unregister

	@Test
	void registersForOneRoomGivenAsAString() {
		TestClient client = this.clients.connect();
		String room = room();
		JsonNode ack = client.request("wsem:register", room);
		assertThat(ack.path("event").asString()).isEqualTo("wsem:ack");
		assertThat(ack.path("data").path("rooms").toString()).isEqualTo("[\"" + room + "\"]");
		this.eventManager.emit(room, "hello");
		assertEvent(client.next(), room, "\"hello\"");
	}

	@Test
	void registersForRoomsGivenAsAnArray() {
		TestClient client = this.clients.connect();
		String first = room();
		String second = room();
		assertThat(client.request("wsem:register", List.of(first, second)).path("event").asString())
			.isEqualTo("wsem:ack");
		this.eventManager.emit(first, 1);
		this.eventManager.emit(second, 2);
		assertEvent(client.next(), first, "1");
		assertEvent(client.next(), second, "2");
	}

	@Test
	void registersForRoomsGivenAsAnObjectWithEvents() {
		TestClient client = this.clients.connect();
		String room = room();
		assertThat(client.request("wsem:register", Map.of("events", List.of(room))).path("event").asString())
			.isEqualTo("wsem:ack");
		this.eventManager.emit(room, true);
		assertEvent(client.next(), room, "true");
	}

	@Test
	void registersWithoutAnsweringWhenTheFrameHasNoAck() {
		TestClient client = this.clients.connect();
		String room = room();
		client.send("wsem:register", room, null);
		assertStillWorks(client, this.eventManager);
		this.eventManager.emit(room, "late");
		assertEvent(client.next(), room, "\"late\"");
	}

	@Test
	void emitsStructuredDataAsJson() {
		TestClient client = this.clients.connect();
		String room = room();
		client.register(room);
		this.eventManager.emit(room, new TestListeners.Todo("Grüße ✓ \"quoted\"", 3));
		JsonNode frame = client.next();
		assertThat(frame.path("event").asString()).isEqualTo(room);
		assertThat(frame.path("data").path("title").asString()).isEqualTo("Grüße ✓ \"quoted\"");
		assertThat(frame.path("data").path("priority").asInt()).isEqualTo(3);
		assertThat(frame.has("ack")).isFalse();
		assertThat(frame.path("id").asString()).as("history is on by default").isNotBlank();
	}

	@Test
	void emitsAnEventWithoutDataWhenTheDataIsNull() {
		TestClient client = this.clients.connect();
		String room = room();
		client.register(room);
		this.eventManager.emit(room, null);
		JsonNode frame = client.next();
		assertThat(frame.path("event").asString()).isEqualTo(room);
		assertThat(frame.has("data")).isFalse();
	}

	@Test
	void stopsDeliveringAfterUnregister() {
		TestClient client = this.clients.connect();
		String room = room();
		String other = room();
		client.register(room, other);
		JsonNode ack = client.request("wsem:unregister", room);
		assertThat(ack.path("event").asString()).isEqualTo("wsem:ack");
		assertThat(ack.path("data").path("rooms").toString()).isEqualTo("[\"" + other + "\"]");
		this.eventManager.emit(room, "gone");
		assertReceivedNothing(client, this.eventManager);
		assertThat(this.eventManager.hasClientRegistration(room)).isFalse();
	}

	@Test
	void unregistersRoomsGivenAsAnObjectWithEvents() {
		TestClient client = this.clients.connect();
		String room = room();
		client.register(room);
		client.request("wsem:unregister", Map.of("events", List.of(room)));
		this.eventManager.emit(room, "gone");
		assertReceivedNothing(client, this.eventManager);
	}

	@Test
	void deliversEmitsOnlyToRegisteredClients() {
		TestClient registered = this.clients.connect();
		TestClient other = this.clients.connect();
		String room = room();
		registered.register(room);
		this.eventManager.emit(room, "only you");
		assertEvent(registered.next(), room, "\"only you\"");
		assertReceivedNothing(other, this.eventManager);
	}

	// acks and handlers

	@Test
	void answersWithWhatTheHandlerReturns() {
		TestClient client = this.clients.connect();
		JsonNode ack = client.request("echo", Map.of("text", "hi", "n", List.of(1, 2)));
		assertThat(ack.path("event").asString()).isEqualTo("wsem:ack");
		assertThat(ack.path("data").path("text").asString()).isEqualTo("hi");
		assertThat(ack.path("data").path("n").toString()).isEqualTo("[1,2]");
	}

	@Test
	void answersWithoutDataWhenTheHandlerReturnsNull() {
		TestClient client = this.clients.connect();
		JsonNode ack = client.request("echo", null);
		assertThat(ack.path("event").asString()).isEqualTo("wsem:ack");
		assertThat(ack.has("data")).isFalse();
	}

	@Test
	void answersTheLargestAck() {
		TestClient client = this.clients.connect();
		long largest = (1L << 53) - 1;
		client.send("echo", "x", largest);
		JsonNode ack = client.next();
		assertThat(ack.path("event").asString()).isEqualTo("wsem:ack");
		assertThat(ack.path("ack").asLong()).isEqualTo(largest);
	}

	@Test
	void sendsNothingBackForAHandledEventWithoutAck() {
		TestClient client = this.clients.connect();
		client.send("echo", "no answer wanted", null);
		assertReceivedNothing(client, this.eventManager);
	}

	@Test
	void answersAWsemExceptionWithItsCode() {
		TestClient client = this.clients.connect();
		JsonNode error = client.request("invalid", "x");
		assertError(error, "invalid", error.path("ack").asLong());
		assertThat(error.path("data").path("message").asString()).isEqualTo("Title is required");
	}

	@Test
	void answersAnyOtherExceptionWithInternalAndAGenericMessage() {
		TestClient client = this.clients.connect();
		JsonNode error = client.request("fail", "x");
		assertError(error, "internal", error.path("ack").asLong());
		assertThat(error.toString()).doesNotContain("secret", "jdbc", "IllegalStateException", "Exception",
				"TestListeners");
		assertStillWorks(client, this.eventManager);
	}

	@Test
	void answersAHandlerFailureWithoutAckWithAnErrorWithoutAck() {
		TestClient client = this.clients.connect();
		client.send("fail", "x", null);
		assertError(client.next(), "internal", null);
	}

	@Test
	void convertsTheDataToTheHandlersType() {
		TestClient client = this.clients.connect();
		JsonNode ack = client.request("todo.add", Map.of("title", "buy milk", "priority", 1));
		assertThat(ack.path("event").asString()).isEqualTo("wsem:ack");
		assertThat(ack.path("data").path("title").asString()).isEqualTo("BUY MILK");
		assertThat(ack.path("data").path("priority").asInt()).isEqualTo(2);
	}

	@Test
	void answersDataOfTheWrongShapeWithBadFrame() {
		TestClient client = this.clients.connect();
		JsonNode error = client.request("todo.add", Map.of("title", List.of("not", "a", "string"), "priority", "high"));
		assertError(error, "bad_frame", error.path("ack").asLong());
		assertStillWorks(client, this.eventManager);
	}

	@Test
	void answersWithTheResultOfAFutureTheHandlerReturns() {
		TestClient client = this.clients.connect();
		JsonNode ack = client.request("later", List.of("a", "b"));
		assertThat(ack.path("event").asString()).isEqualTo("wsem:ack");
		assertThat(ack.path("data").toString()).isEqualTo("[\"a\",\"b\"]");
	}

	@Test
	void answersAFutureThatFailsWithAWsemExceptionWithItsCode() {
		TestClient client = this.clients.connect();
		JsonNode error = client.request("later.invalid", null);
		assertError(error, "invalid", error.path("ack").asLong());
	}

	@Test
	void answersAResultThatCannotBeWrittenWithInternal() {
		TestClient client = this.clients.connect();
		JsonNode error = client.request("unencodable", null);
		assertError(error, "internal", error.path("ack").asLong());
		assertThat(error.toString()).doesNotContain("secret");
		assertStillWorks(client, this.eventManager);
	}

	@Test
	void passesThePrincipalOfTheHandshakeToTheHandler() {
		TestClient client = this.clients.track(this.clients.builder().header("X-Test-User", "ada").connect());
		JsonNode data = client.request("whoami", null).path("data");
		assertThat(data.path("principal").asString()).isEqualTo("ada");
	}

	@Test
	void passesTheClientAndItsPrincipalToTheHandler() {
		TestClient client = this.clients.connect();
		JsonNode data = client.request("whoami", null).path("data");
		assertThat(data.path("id").asString()).isEqualTo(client.id());
		assertThat(data.path("transport").asString()).isEqualTo("WEBSOCKET");
		assertThat(data.path("principal").asString()).isEqualTo("none");
	}

	// bad input: every one is answered, the socket stays usable, nobody else hears of it

	@Test
	void answersTextThatIsNotJsonWithBadFrame() {
		assertRefused("hello {", "bad_frame", null);
	}

	@Test
	void answersAJsonArrayWithBadFrame() {
		assertRefused("[{\"event\":\"echo\",\"ack\":1}]", "bad_frame", null);
	}

	@Test
	void answersAJsonStringWithBadFrame() {
		assertRefused("\"echo\"", "bad_frame", null);
	}

	@ParameterizedTest(name = "frame [{0}]")
	@ValueSource(strings = { "", "   ", "null", "42", "true" })
	void answersOtherTextThatIsNotAJsonObjectWithBadFrame(String frame) {
		assertRefused(frame, "bad_frame", null);
	}

	@Test
	void answersTrailingGarbageAfterTheObjectWithBadFrame() {
		assertRefused("{\"event\":\"echo\",\"ack\":1} {}", "bad_frame", null);
	}

	@Test
	void answersDeeplyNestedJsonWithBadFrame() {
		assertRefused("{\"event\":\"echo\",\"data\":" + "[".repeat(20_000) + "]".repeat(20_000) + "}", "bad_frame",
				null);
	}

	@Test
	void answersWithValidJsonForANumberTooLargeForADouble() {
		TestClient client = this.clients.connect();
		client.send("{\"event\":\"echo\",\"data\":1e999999,\"ack\":31}");
		JsonNode answer = client.next();
		assertThat(answer.path("ack").asLong()).isEqualTo(31);
		assertStillWorks(client, this.eventManager);
	}

	@Test
	void answersAMissingEventWithBadFrameAndTheAck() {
		assertRefused("{\"data\":1,\"ack\":3}", "bad_frame", 3L);
	}

	@Test
	void answersANumericEventWithBadFrameAndTheAck() {
		assertRefused("{\"event\":42,\"ack\":4}", "bad_frame", 4L);
	}

	@Test
	void answersAnEmptyEventWithBadEventNameAndTheAck() {
		assertRefused("{\"event\":\"\",\"ack\":5}", "bad_event_name", 5L);
	}

	@Test
	void answersAnEventOf129CharactersWithBadEventName() {
		assertRefused(TestClient.frame("e".repeat(129), null, 6L), "bad_event_name", 6L);
	}

	@Test
	void acceptsAnEventOf128Characters() {
		assertRefused(TestClient.frame("e".repeat(128), null, 6L), "no_handler", 6L);
	}

	@Test
	void answersAnEventWithAC0ControlCharacterWithBadEventName() {
		assertRefused(TestClient.frame("to\u0001do", null, 7L), "bad_event_name", 7L);
	}

	@Test
	void answersAnEventWithAC1ControlCharacterWithBadEventName() {
		assertRefused(TestClient.frame("to\u0085do", null, 8L), "bad_event_name", 8L);
	}

	@Test
	void answersAReservedEventWithReservedEvent() {
		assertRefused(TestClient.frame("wsem:foo", null, 9L), "reserved_event", 9L);
	}

	@Test
	void answersAnUnknownEventWithAnAckWithNoHandler() {
		assertRefused(TestClient.frame("nobody-listens", "x", 10L), "no_handler", 10L);
	}

	@Test
	void dropsAnUnknownEventWithoutAckSilently() {
		TestClient client = this.clients.connect();
		TestClient bystander = this.clients.connect();
		client.send(TestClient.frame("nobody-listens", "x", null));
		assertReceivedNothing(client, this.eventManager);
		assertStillWorks(client, this.eventManager);
		assertReceivedNothing(bystander, this.eventManager);
	}

	@ParameterizedTest(name = "ack {0}")
	@ValueSource(strings = { "0", "-1", "1.5", "\"7\"", "9007199254740992", "null", "true", "{}" })
	void answersAnAckThatIsNotAPositiveSafeIntegerWithBadFrameWithoutAck(String ack) {
		assertRefused("{\"event\":\"echo\",\"data\":1,\"ack\":" + ack + "}", "bad_frame", null);
	}

	@Test
	void answersARegisterOfTheWildcardWithBadEventName() {
		assertRefused(TestClient.frame("wsem:register", "*", 11L), "bad_event_name", 11L);
	}

	@Test
	void answersARegisterOfAnInvalidRoomNameWithBadEventName() {
		assertRefused(TestClient.frame("wsem:register", List.of("ok", ""), 12L), "bad_event_name", 12L);
	}

	@ParameterizedTest(name = "data {0}")
	@ValueSource(strings = { "42", "[1]", "[\"a\",2]", "{\"rooms\":[\"a\"]}", "null" })
	void answersARegisterOfSomethingElseThanNamesWithBadFrame(String data) {
		assertRefused("{\"event\":\"wsem:register\",\"data\":" + data + ",\"ack\":13}", "bad_frame", 13L);
	}

	@Test
	void answersABinaryFrameWithBadFrame() {
		TestClient client = this.clients.connect();
		TestClient bystander = this.clients.connect();
		client.sendBinary(new byte[] { 1, 2, 3 });
		assertError(client.next(), "bad_frame", null);
		assertStillWorks(client, this.eventManager);
		assertReceivedNothing(bystander, this.eventManager);
	}

	@Test
	void leavesNoRoomOfARefusedRegister() {
		TestClient client = this.clients.connect();
		String room = room();
		client.send(TestClient.frame("wsem:register", List.of(room, "*"), 14L));
		assertError(client.next(), "bad_event_name", 14L);
		assertThat(this.eventManager.hasClientRegistration(room)).isFalse();
	}

	/**
	 * Send one bad frame and check the answer, that the connection still works and that
	 * another client heard nothing.
	 */
	private void assertRefused(String frame, String code, @Nullable Long ack) {
		TestClient client = this.clients.connect();
		TestClient bystander = this.clients.connect();
		client.send(frame);
		assertError(client.next(), code, ack);
		assertStillWorks(client, this.eventManager);
		assertReceivedNothing(bystander, this.eventManager);
	}

	static void assertError(JsonNode frame, String code, @Nullable Long ack) {
		assertThat(frame.path("event").asString()).as("event of %s", frame).isEqualTo("wsem:error");
		assertThat(frame.path("data").path("code").asString()).as("code of %s", frame).isEqualTo(code);
		assertThat(frame.path("data").path("message").isString()).as("message of %s", frame).isTrue();
		if (ack != null) {
			assertThat(frame.path("ack").asLong()).as("ack of %s", frame).isEqualTo(ack);
		}
		else {
			assertThat(frame.has("ack")).as("ack of %s", frame).isFalse();
		}
	}

	static void assertEvent(JsonNode frame, String event, String dataJson) {
		assertThat(frame.path("event").asString()).as("event of %s", frame).isEqualTo(event);
		assertThat(frame.path("data").toString()).as("data of %s", frame).isEqualTo(dataJson);
	}

	static String room() {
		return "room-" + UUID.randomUUID();
	}

}
