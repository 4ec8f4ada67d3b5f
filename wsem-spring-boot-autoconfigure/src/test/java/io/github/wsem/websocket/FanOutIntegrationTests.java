package io.github.wsem.websocket;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.github.wsem.test.TestClient;
import io.github.wsem.test.ServerTest;
import io.github.wsem.testapp.TestApplication;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import static io.github.wsem.test.WsemAssertions.assertReceivedNothing;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * One emit reaches many clients, each exactly once and in emit order.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
class FanOutIntegrationTests extends ServerTest {

	private static final int CLIENTS = 200;

	private static final int EMITS = 50;

	@Test
	void deliversEveryEmitToEveryRegisteredClientExactlyOnceInOrder() {
		List<CompletableFuture<TestClient>> connecting = new ArrayList<>();
		for (int i = 0; i < CLIENTS; i++) {
			connecting.add(this.clients.builder().connectAsync());
		}
		List<TestClient> registered = new ArrayList<>();
		for (CompletableFuture<TestClient> future : connecting) {
			TestClient client = this.clients.track(future.join()).readWelcome();
			client.register("tick");
			registered.add(client);
		}
		assertThat(this.eventManager.hasClientRegistration("tick")).isTrue();
		for (int i = 0; i < EMITS; i++) {
			this.eventManager.emit("tick", i);
		}
		for (TestClient client : registered) {
			for (int i = 0; i < EMITS; i++) {
				JsonNode frame = client.next();
				assertThat(frame.path("event").asString()).isEqualTo("tick");
				assertThat(frame.path("data").asInt()).as("event %d of client %s", i, client.id()).isEqualTo(i);
			}
		}
		for (TestClient client : registered) {
			assertReceivedNothing(client, this.eventManager);
		}
	}

}
