package io.github.wsem.websocket;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.github.wsem.test.ServerTest;
import io.github.wsem.test.TestClient;
import io.github.wsem.testapp.TestApplication;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.jetty.JettyWebServer;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.web.server.context.WebServerApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The handshake, rooms and fan-out on Jetty, where wsem writes through Spring's
 * blocking session send on its writer threads ({@link SessionBatchWriter}).
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
class JettyWebSocketIntegrationTests extends ServerTest {

	@Autowired
	WebServerApplicationContext context;

	@Autowired
	WsemWebSocketHandler handler;

	@Test
	void welcomesAClientOnJettyAndWritesWithTheSessionWriter() {
		TestClient client = this.clients.connect();
		assertThat(client.id()).isNotBlank();
		assertThat(this.context.getWebServer()).isInstanceOf(JettyWebServer.class);
		assertThat(this.handler.writerInUse()).isEqualTo(WsemWebSocketHandler.WriterKind.SESSION);
	}

	@Test
	void answersARequestWithItsAck() {
		TestClient client = this.clients.connect();
		JsonNode answer = client.request("echo", "hello");
		assertThat(answer.path("event").asString()).isEqualTo("wsem:ack");
		assertThat(answer.path("data").asString()).isEqualTo("hello");
	}

	@Test
	void deliversARoomsEmitsToItsMembersOnly() {
		TestClient member = this.clients.connect();
		TestClient other = this.clients.connect();
		member.register("news");
		other.register("weather");
		this.eventManager.emit("news", "extra");
		this.eventManager.emit("weather", "rain");
		assertThat(member.next().path("data").asString()).isEqualTo("extra");
		assertThat(other.next().path("data").asString()).isEqualTo("rain");
		assertThat(member.pending()).isEmpty();
	}

	@Test
	void fansEveryEventOutToFiftyClientsInOrder() {
		List<TestClient> readers = new ArrayList<>();
		for (int i = 0; i < 50; i++) {
			TestClient reader = this.clients.connect();
			reader.register("crowd");
			readers.add(reader);
		}
		for (int n = 0; n < 100; n++) {
			this.eventManager.emit("crowd", Map.of("n", n));
		}
		for (TestClient reader : readers) {
			for (int n = 0; n < 100; n++) {
				assertThat(reader.next().path("data").path("n").asInt()).isEqualTo(n);
			}
		}
	}

}
