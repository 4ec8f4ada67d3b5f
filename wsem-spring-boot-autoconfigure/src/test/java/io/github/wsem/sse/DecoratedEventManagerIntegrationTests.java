package io.github.wsem.sse;

import java.net.URI;
import java.net.http.HttpClient;

import io.github.wsem.core.ClientHub;
import io.github.wsem.core.EventManager;
import io.github.wsem.auditingtest.AuditingApplication;
import io.github.wsem.auditingtest.AuditingEventManager;
import io.github.wsem.test.TestClient;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An application that wraps wsem's {@link EventManager} in its own (an auditing
 * decorator) keeps both transports: they reach the node through the {@link ClientHub},
 * not through the application's event manager.
 */
@SpringBootTest(classes = AuditingApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
class DecoratedEventManagerIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	EventManager eventManager;

	@Autowired
	AuditingEventManager audit;

	@Test
	void theApplicationsEventManagerIsTheDecorator() {
		assertThat(this.eventManager).isSameAs(this.audit);
	}

	@Test
	void emitsThroughTheDecoratorReachWebSocketAndSseClients() throws Exception {
		try (TestClient webSocket = TestClient.connect(this.port);
				SseTestClient sse = new SseTestClient(HttpClient.newHttpClient(),
						URI.create("http://localhost:" + this.port + "/wsem/sse?events=audited"))) {
			webSocket.register("audited");
			assertThat(sse.next().event()).isEqualTo("wsem:welcome");
			this.eventManager.to("audited").emit("audited", "hello");
			JsonNode frame = webSocket.next();
			assertThat(frame.path("event").asString()).isEqualTo("audited");
			assertThat(frame.path("data").asString()).isEqualTo("hello");
			SseTestClient.Event event = sse.next();
			assertThat(event.event()).isEqualTo("audited");
			assertThat(event.data()).isEqualTo("hello");
			assertThat(this.audit.emits).containsExactly("audited");
		}
	}

	@Test
	void handlersRegisteredThroughTheDecoratorAnswerClients() {
		this.eventManager.on("shout", String.class, (data, client) -> data.toUpperCase());
		try (TestClient client = TestClient.connect(this.port)) {
			JsonNode answer = client.request("shout", "hi");
			assertThat(answer.path("data").asString()).isEqualTo("HI");
		}
	}

}
