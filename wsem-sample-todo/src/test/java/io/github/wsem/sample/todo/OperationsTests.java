package io.github.wsem.sample.todo;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import io.github.wsem.client.test.WsemTestClients;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample's Actuator endpoints, over plain HTTP as a newcomer would open them.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class OperationsTests {

	private static final HttpClient http = HttpClient.newHttpClient();

	private static final JsonMapper json = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	@Autowired
	WsemTestClients clients;

	@Test
	void theWsemEndpointShowsAConnectedClientAndItsRoom() throws Exception {
		this.clients.connect("todo");

		JsonNode wsem = get("/actuator/wsem");
		assertThat(wsem.path("node").asString()).isEqualTo("local");
		assertThat(wsem.path("cluster").path("status").asString()).isEqualTo("UP");
		assertThat(wsem.path("clients").path("websocket").asInt()).isPositive();
		assertThat(wsem.path("rooms").path("largest").path("todo").asInt()).isPositive();
	}

	@Test
	void theMetricsEndpointCountsTheConnections() throws Exception {
		this.clients.connect();

		JsonNode connections = get("/actuator/metrics/wsem.connections?tag=transport:websocket");
		assertThat(connections.path("measurements").path(0).path("value").asDouble()).isGreaterThanOrEqualTo(1);
	}

	@Test
	void theHealthEndpointIsUp() throws Exception {
		assertThat(get("/actuator/health").path("status").asString()).isEqualTo("UP");
	}

	private JsonNode get(String path) throws Exception {
		HttpResponse<String> response = http.send(
				HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path)).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(path).isEqualTo(200);
		return json.readTree(response.body());
	}

}
