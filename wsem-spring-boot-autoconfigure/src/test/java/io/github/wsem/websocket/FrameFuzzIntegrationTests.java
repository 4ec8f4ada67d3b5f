package io.github.wsem.websocket;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

import io.github.wsem.test.FrameFuzzer;
import io.github.wsem.test.ServerTest;
import io.github.wsem.test.TestClient;
import io.github.wsem.testapp.TestApplication;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import static io.github.wsem.test.WsemAssertions.assertReceivedNothing;
import static io.github.wsem.test.WsemAssertions.assertStillWorks;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random and mutated frames sent to a real server over a real WebSocket: every answer is
 * a protocol frame, the connection stays open and still works, and another client sees
 * nothing of it.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "wsem.max-errors-per-minute=100000")
class FrameFuzzIntegrationTests extends ServerTest {

	private static final long SEED = Long.getLong("wsem.fuzz.seed", System.nanoTime());

	private static final int ROUNDS = 20;

	private static final int FRAMES_PER_ROUND = 15;

	private static final Set<String> CODES = Set.of("bad_frame", "bad_event_name", "reserved_event", "no_handler",
			"forbidden", "unknown_client", "timeout", "too_large", "rate_limited", "too_many_rooms",
			"recovery_incomplete", "internal", "invalid");

	private static final List<String> HANDLED = List.of("echo", "fail", "invalid", "todo.add", "whoami", "unencodable",
			"todo");

	@Test
	void keepsAConnectionOpenAndWorkingAfterRandomFrames() {
		Random random = new Random(SEED);
		TestClient bystander = this.clients.connect();
		bystander.register("todo");
		for (int round = 0; round < ROUNDS; round++) {
			TestClient client = this.clients.connect();
			FrameFuzzer fuzzer = new FrameFuzzer(random, false, HANDLED, List.of("nobody"));
			List<String> sent = new ArrayList<>();
			for (int i = 0; i < FRAMES_PER_ROUND; i++) {
				String text = fuzzer.next();
				sent.add(text);
				client.send(text);
			}
			String description = "seed " + SEED + ", round " + round + ", frames " + sent;
			for (JsonNode frame : framesUntilSynchronized(client)) {
				assertThat(frame.isObject()).as(description).isTrue();
				assertThat(frame.path("event").asString()).as("%s: %s", description, frame)
					.isIn("wsem:ack", "wsem:error", "wsem:message", "todo");
				if (frame.path("event").asString().equals("wsem:error")) {
					assertThat(frame.path("data").path("code").asString()).as("%s: %s", description, frame).isIn(CODES);
				}
			}
			assertThat(client.isOpen()).as(description).isTrue();
			assertStillWorks(client, this.eventManager);
			client.close();
		}
		assertReceivedNothing(bystander, this.eventManager);
	}

	@Test
	void answersFramesWithUnpairedSurrogateEscapesInValidUtf8() {
		TestClient client = this.clients.connect();
		client.send("{\"event\":\"echo\",\"data\":\"a\\ud800b\",\"ack\":1}");
		JsonNode ack = client.next();
		assertThat(ack.path("ack").asLong()).isEqualTo(1);
		assertThat(ack.path("data").stringValue()).isEqualTo("a\ud800b");
		client.send("{\"event\":\"\\udd30\",\"ack\":2}");
		assertThat(client.next().path("data").path("code").asString()).isEqualTo("no_handler");
		assertStillWorks(client, this.eventManager);
	}

	/**
	 * Take the answers to the frames sent so far: send an echo with an ack of its own and
	 * read up to its answer.
	 */
	private static List<JsonNode> framesUntilSynchronized(TestClient client) {
		String marker = "sync-" + UUID.randomUUID();
		client.send(TestClient.frame("echo", marker, (1L << 53) - 1));
		List<JsonNode> frames = new ArrayList<>();
		while (true) {
			JsonNode frame = client.next();
			if (frame.path("data").isString() && marker.equals(frame.path("data").stringValue())) {
				return frames;
			}
			frames.add(frame);
		}
	}

}
