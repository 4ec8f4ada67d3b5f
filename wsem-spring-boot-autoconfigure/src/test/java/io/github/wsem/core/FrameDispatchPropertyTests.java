package io.github.wsem.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.github.wsem.broker.InMemoryBroker;
import io.github.wsem.codec.Jackson3Codec;
import io.github.wsem.test.FrameFuzzer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Property-based tests of the frame decoding and dispatch: thousands of random and
 * mutated frames, each answered with valid protocol frames (or with none, as the protocol
 * says), a frame with a valid ack answered exactly once, no exception escaping, and no
 * client closed except over its error budget.
 *
 * <p>
 * The frames come from {@link FrameFuzzer} with a seed printed in every failure; run
 * again with {@code -Dwsem.fuzz.seed=<seed>} to reproduce one.
 */
class FrameDispatchPropertyTests {

	private static final long SEED = Long.getLong("wsem.fuzz.seed", System.nanoTime());

	private static final int TRIES = Integer.getInteger("wsem.fuzz.tries", 2_500);

	private static final long MAX_ACK = (1L << 53) - 1;

	/**
	 * The codes of PROTOCOL.md section 4, and the sample application code
	 * {@code invalid}.
	 */
	private static final Set<String> CODES = Set.of("bad_frame", "bad_event_name", "reserved_event", "no_handler",
			"forbidden", "unknown_client", "timeout", "too_large", "rate_limited", "too_many_rooms",
			"recovery_incomplete", "internal", "invalid");

	private static final Set<String> ABUSE = Set.of("bad_frame", "bad_event_name", "reserved_event", "no_handler",
			"too_large");

	private static final List<String> HANDLED = List.of("echo", "fail", "invalid", "typed", "later", "todo", "news");

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final ObjectReader reader = json.readerFor(Object.class)
		.with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

	private static final Logger log = (Logger) LoggerFactory.getLogger("io.github.wsem");

	private static @Nullable Level level;

	@BeforeAll
	static void quietHandlerFailures() {
		level = log.getLevel();
		log.setLevel(Level.OFF);
	}

	@AfterAll
	static void restoreLogging() {
		log.setLevel(level);
	}

	@Test
	void answersEveryArbitraryStringWithAProtocolFrame() {
		checkFrames(FrameFuzzer::anyString, 0);
	}

	@Test
	void answersEveryArbitraryJsonValueWithAProtocolFrame() {
		checkFrames(FrameFuzzer::anyJsonText, 1);
	}

	@Test
	void answersEveryMutatedFrameAsTheProtocolSays() {
		checkFrames(FrameFuzzer::mutatedFrame, 2);
	}

	@Test
	void answersEveryByteLevelMutationOfAFrameAsTheProtocolSays() {
		checkFrames(FrameFuzzer::byteMutatedFrame, 3);
	}

	@Test
	void closesAClientWith1008ExactlyWhenItGoesOverItsErrorBudget() {
		Random random = new Random(SEED + 4);
		for (int run = 0; run < TRIES / 20; run++) {
			int budget = 1 + random.nextInt(20);
			Harness harness = new Harness(budget, List.of());
			FrameFuzzer fuzzer = new FrameFuzzer(random, true, List.of("echo"), List.of());
			RecordingSession client = harness.connect("fuzzed");
			int abusive = 0;
			List<String> sent = new ArrayList<>();
			while (client.closes.isEmpty() && sent.size() < 3 * budget) {
				String text = fuzzer.next();
				sent.add(printable(text));
				harness.manager.dispatch(client, text, client::receive);
				for (String reply : client.takeReplies()) {
					if (ABUSE.contains(errorCode(reply))) {
						abusive++;
						assertThat(client.closes).as("seed %d, budget %d, frames %s", SEED + 4, budget, sent)
							.hasSize((abusive > budget) ? 1 : 0);
					}
				}
			}
			assertThat(client.closes).as("seed %d, budget %d, frames %s", SEED + 4, budget, sent)
				.isEqualTo((abusive > budget) ? List.of(1008) : List.of());
			if (!client.closes.isEmpty()) {
				assertThat(abusive).isEqualTo(budget + 1);
			}
		}
	}

	private void checkFrames(Function<FrameFuzzer, String> generator, int stream) {
		long seed = SEED + stream;
		Random random = new Random(seed);
		Harness harness = new Harness(100_000, HANDLED);
		List<String> peers = List.of("answering", "silent");
		harness.connect("answering").answerEveryMessage(harness);
		harness.connect("silent");
		List<String> eventIds = harness.emitHistory("todo", "news");
		List<Sent> sent = new ArrayList<>(TRIES);
		RecordingSession client = null;
		for (int i = 0; i < TRIES; i++) {
			if (i % 200 == 0) {
				client = harness.connect("fuzzed-" + i);
			}
			List<String> ids = new ArrayList<>(peers);
			ids.add(client.id());
			FrameFuzzer fuzzer = new FrameFuzzer(random, true, HANDLED, ids).eventIds(eventIds);
			String text = generator.apply(fuzzer);
			Sent frame = new Sent(text, expectedAck(text));
			frame.answered = harness.manager.dispatch(client, text, frame.replies::add);
			sent.add(frame);
			assertThat(frame.answered).as("seed %d: whether %s is answered", seed, printable(text))
				.isEqualTo(frame.ack != null);
		}
		await().atMost(Duration.ofSeconds(30))
			.until(() -> sent.stream().filter((frame) -> frame.answered).allMatch((frame) -> !acked(frame).isEmpty()));
		for (Sent frame : sent) {
			String description = printable("seed " + seed + ", frame " + frame.text + ", replies " + frame.replies);
			for (String reply : frame.replies) {
				assertProtocolFrame(reply, description, Set.of("wsem:ack", "wsem:error"));
			}
			assertThat(acked(frame)).as(description).hasSize(frame.answered ? 1 : 0);
			if (frame.answered) {
				assertThat(parse(acked(frame).get(0)).path("ack").asLong()).as(description).isEqualTo(frame.ack);
			}
			if (frame.replies.stream().anyMatch((reply) -> "internal".equals(errorCode(reply)))) {
				assertThat(frame.text).as(description).contains("fail");
			}
		}
		assertThat(harness.errors).as("seed %d: ClientListener.onError calls", seed)
			.hasValue((int) sent.stream()
				.flatMap((frame) -> frame.replies.stream())
				.filter((reply) -> "internal".equals(errorCode(reply)))
				.count());
		for (RecordingSession session : harness.sessions) {
			for (String text : session.sentTexts) {
				assertProtocolFrame(text, printable("seed " + seed + ", frame sent to " + session.id()),
						Set.of("wsem:welcome", "wsem:message", "todo", "news"));
			}
			assertThat(session.closes).as("seed %d: closes of %s", seed, session.id()).isEmpty();
			harness.manager.disconnect(session, 1000);
		}
		assertThat(harness.manager.roomSizes()).as("seed %d", seed).isEmpty();
		assertThat(harness.manager.eventManager().clients().count()).as("seed %d", seed).isZero();
	}

	private static void assertProtocolFrame(String text, String description, Set<String> events) {
		assertThat(isWellFormed(text)).as("%s: UTF-16 of %s", description, printable(text)).isTrue();
		JsonNode frame = parse(text);
		assertThat(frame.isObject()).as(description).isTrue();
		assertThat(frame.path("event").asString()).as(description).isIn(events);
		if (frame.has("ack")) {
			assertThat(frame.path("ack").isIntegralNumber()).as(description).isTrue();
			assertThat(frame.path("ack").asLong()).as(description).isBetween(1L, MAX_ACK);
		}
		if (frame.path("event").asString().equals("wsem:error")) {
			assertThat(frame.path("data").path("code").asString()).as(description).isIn(CODES);
			assertThat(frame.path("data").path("message").isString()).as(description).isTrue();
		}
	}

	private static String errorCode(String reply) {
		JsonNode frame = parse(reply);
		return frame.path("event").asString().equals("wsem:error") ? frame.path("data").path("code").asString() : "";
	}

	private static List<String> acked(Sent frame) {
		return frame.replies.stream().filter((reply) -> parse(reply).has("ack")).toList();
	}

	private static @Nullable Long expectedAck(String text) {
		try {
			if (reader.readValue(text) instanceof Map<?, ?> frame
					&& (frame.get("ack") instanceof Integer || frame.get("ack") instanceof Long)) {
				long ack = ((Number) frame.get("ack")).longValue();
				return (ack >= 1 && ack <= MAX_ACK) ? ack : null;
			}
			return null;
		}
		catch (JacksonException ex) {
			return null;
		}
	}

	/**
	 * Escape what a test report cannot show, and shorten long texts.
	 */
	static String printable(String text) {
		StringBuilder result = new StringBuilder();
		for (int i = 0; i < text.length() && result.length() < 3000; i++) {
			char c = text.charAt(i);
			result.append((c < 0x20 || (c >= 0x7F && c <= 0x9F) || Character.isSurrogate(c))
					? String.format("\\u%04x", (int) c) : String.valueOf(c));
		}
		return (result.length() < 3000) ? result.toString() : result + "... (" + text.length() + " chars)";
	}

	private static boolean isWellFormed(String text) {
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
				i++;
			}
			else if (Character.isSurrogate(c)) {
				return false;
			}
		}
		return true;
	}

	private static JsonNode parse(String text) {
		return json.readTree(text);
	}

	private static final class Sent {

		final String text;

		final @Nullable Long ack;

		final List<String> replies = new CopyOnWriteArrayList<>();

		boolean answered;

		Sent(String text, @Nullable Long ack) {
			this.text = text;
			this.ack = ack;
		}

	}

	/**
	 * An event manager with handlers of every kind, and the sessions connected to it.
	 */
	private static final class Harness {

		final ClientHub manager;

		final List<RecordingSession> sessions = new CopyOnWriteArrayList<>();

		final AtomicInteger errors = new AtomicInteger();

		Harness(int maxErrorsPerMinute, List<String> handled) {
			ProtocolSettings settings = new ProtocolSettings("wsem:register", "wsem:unregister", 1000,
					maxErrorsPerMinute, ProtocolSettings.JSON, ProtocolSettings.JSON, 100, Duration.ofMillis(200),
					false, 100, Duration.ofMinutes(5), 0, 0);
			this.manager = ClientHub.create(new Jackson3Codec(json), new InMemoryBroker(), settings, (event) -> {
			});
			Executor later = CompletableFuture.delayedExecutor(20, TimeUnit.MILLISECONDS);
			if (handled.contains("echo")) {
				this.manager.eventManager().on("echo", (data, client) -> data);
				this.manager.eventManager().on("fail", (data, client) -> {
					throw new IllegalStateException("secret");
				});
				this.manager.eventManager().on("invalid", (data, client) -> {
					throw new WsemException("invalid", "Checked");
				});
				this.manager.eventManager().on("typed", Typed.class, (data, client) -> data);
				this.manager.eventManager()
					.on("later", (data, client) -> CompletableFuture.supplyAsync(() -> data, later));
			}
			this.manager.setClientListeners(List.of(new ClientListener() {

				@Override
				public void onError(Client client, Throwable error) {
					Harness.this.errors.incrementAndGet();
				}

			}));
		}

		RecordingSession connect(String id) {
			RecordingSession session = new RecordingSession(id);
			this.manager.connect(session);
			this.sessions.add(session);
			return session;
		}

		List<String> emitHistory(String... rooms) {
			List<String> ids = new ArrayList<>();
			for (String room : rooms) {
				for (int i = 0; i < 5; i++) {
					this.manager.eventManager().to(room).emit(room, i);
					ids.add(this.manager.position(room));
				}
			}
			return ids;
		}

	}

	record Typed(String title, int priority) {
	}

	/**
	 * A client that records what it is sent and whether it was closed.
	 */
	static final class RecordingSession extends ClientSession {

		final List<String> sentTexts = new CopyOnWriteArrayList<>();

		final List<Integer> closes = new CopyOnWriteArrayList<>();

		private final List<String> replies = new CopyOnWriteArrayList<>();

		private volatile @Nullable Harness answerer;

		RecordingSession(String id) {
			super(id, Transport.WEBSOCKET, null, new HttpHeaders(), new ConcurrentHashMap<String, Object>());
		}

		void answerEveryMessage(Harness harness) {
			this.answerer = harness;
		}

		void receive(String reply) {
			this.replies.add(reply);
		}

		List<String> takeReplies() {
			List<String> taken = List.copyOf(this.replies);
			this.replies.clear();
			return taken;
		}

		@Override
		public boolean isOpen() {
			return this.closes.isEmpty();
		}

		@Override
		public void sendText(String text) {
			this.sentTexts.add(text);
			Harness harness = this.answerer;
			JsonNode frame = parse(text);
			if (harness != null && frame.path("data").has("reply")) {
				String answer = "{\"event\":\"wsem:answer\",\"data\":{\"reply\":" + frame.path("data").path("reply")
						+ ",\"message\":\"yes\"}}";
				CompletableFuture.runAsync(() -> harness.manager.dispatch(this, answer, this::receive));
			}
		}

		@Override
		protected void closeConnection(int code, String reason) {
			this.closes.add(code);
		}

	}

}
