package io.github.wsem.websocket;

import io.github.wsem.test.TestClient;
import io.github.wsem.testapp.ConnectionEvents;
import io.github.wsem.testapp.TestApplication;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Stopping a Jetty server closes its WebSocket clients with 1001.
 */
class JettyShutdownIntegrationTests {

	@Test
	void closesConnectedClientsWithGoingAwayWhenTheServerStops() {
		ConfigurableApplicationContext context = new SpringApplicationBuilder(TestApplication.class)
			.properties("server.port=0")
			.run();
		ConnectionEvents events = context.getBean(ConnectionEvents.class);
		TestClient client;
		TestClient member;
		try {
			int port = context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
			client = TestClient.connect(port);
			member = TestClient.connect(port);
			member.register("news");
		}
		finally {
			context.close();
		}
		assertThat(client.awaitClose()).isEqualTo(new TestClient.CloseStatus(1001, "Server shutting down"));
		assertThat(member.awaitClose().code()).isEqualTo(1001);
		assertThat(events.disconnected()).containsEntry(client.id(), 1001).containsEntry(member.id(), 1001);
	}

}
