package io.github.wsem.actuate;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.github.wsem.test.RawWebSocketClient;
import io.github.wsem.test.ServerTest;
import io.github.wsem.test.TestClient;
import io.github.wsem.testapp.ConnectionEvents;
import io.github.wsem.testapp.TestApplication;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.Search;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The meters {@code wsem.*} and the Actuator endpoint {@code wsem} follow real WebSocket
 * and SSE clients.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.endpoints.web.exposure.include=health,metrics,wsem", "wsem.send-buffer-limit=256KB",
				"wsem.send-time-limit=3s" })
class ObservabilityIntegrationTests extends ServerTest {

	private static final HttpClient http = HttpClient.newHttpClient();

	@Autowired
	MeterRegistry registry;

	@Autowired
	ConnectionEvents connectionEvents;

	@Test
	void metersFollowConnectionsFramesAcksErrorsAndEmits() {
		await().until(() -> gauge("wsem.connections", "websocket") == 0);
		double in = count("wsem.messages.in");
		double out = count("wsem.messages.out");
		double acks = count("wsem.acks");
		double badFrames = count(this.registry.find("wsem.errors").tag("code", "bad_frame"));
		long emits = this.registry.get("wsem.emit.fanout").timer().count();
		TestClient first = this.clients.connect();
		TestClient second = this.clients.connect();
		assertThat(gauge("wsem.connections", "websocket")).isEqualTo(2);
		first.register("metered");
		second.register("metered");
		this.eventManager.emit("metered", Map.of("n", 1));
		assertThat(first.next().path("event").asString()).isEqualTo("metered");
		assertThat(second.next().path("event").asString()).isEqualTo("metered");
		first.send("{\"data\":1}");
		assertThat(first.next().path("data").path("code").asString()).isEqualTo("bad_frame");
		assertThat(count("wsem.messages.in")).isEqualTo(in + 3);
		assertThat(count("wsem.messages.out")).isEqualTo(out + 2);
		assertThat(count("wsem.acks")).isEqualTo(acks + 2);
		assertThat(count(this.registry.find("wsem.errors").tag("code", "bad_frame"))).isEqualTo(badFrames + 1);
		assertThat(this.registry.get("wsem.emit.fanout").timer().count()).isEqualTo(emits + 1);
		assertThat(this.registry.get("wsem.rooms").gauge().value()).isPositive();
		second.closeAndWait();
		await().untilAsserted(() -> assertThat(gauge("wsem.connections", "websocket")).isEqualTo(1));
	}

	@Test
	void countsSseClientsUnderTheirTransport() throws Exception {
		double sse = gauge("wsem.connections", "sse");
		CompletableFuture<HttpResponse<InputStream>> stream = http.sendAsync(
				HttpRequest.newBuilder(uri("/wsem/sse?events=metered.sse")).build(),
				HttpResponse.BodyHandlers.ofInputStream());
		try {
			await().untilAsserted(() -> assertThat(gauge("wsem.connections", "sse")).isEqualTo(sse + 1));
			JsonNode wsem = get("/actuator/wsem");
			assertThat(wsem.path("clients").path("sse").asInt()).isPositive();
			assertThat(wsem.path("rooms").path("largest").path("metered.sse").asInt()).isEqualTo(1);
		}
		finally {
			stream.get().body().close();
		}
	}

	@Test
	void endpointShowsTheNodeItsClientsAndTheirRooms() {
		TestClient client = this.clients.connect();
		client.register("shown");
		JsonNode wsem = get("/actuator/wsem");
		assertThat(wsem.path("node").asString()).isEqualTo("local");
		assertThat(wsem.path("cluster").path("type").asString()).isEqualTo("none");
		assertThat(wsem.path("cluster").path("status").asString()).isEqualTo("UP");
		assertThat(wsem.path("clients").path("websocket").asInt()).isPositive();
		assertThat(wsem.path("rooms").path("total").asInt()).isPositive();
		assertThat(wsem.path("rooms").path("largest").path("shown").asInt()).isEqualTo(1);
		JsonNode connections = get("/actuator/metrics/wsem.connections?tag=transport:websocket");
		assertThat(connections.path("measurements").path(0).path("value").asDouble()).isPositive();
	}

	@Test
	void countsAClientClosedWith1013AsOverflowed() throws Exception {
		double overflowed = count(this.registry.find("wsem.clients.overflowed").tag("transport", "websocket"));
		double dropped = count("wsem.messages.dropped");
		TestClient reader = this.clients.connect();
		reader.register("metered.slow");
		try (RawWebSocketClient stalled = RawWebSocketClient.connect(this.port, 4096)) {
			String stalledId = TestClient.parse(stalled.readText()).path("data").path("id").asString();
			stalled.sendText(TestClient.frame("wsem:register", "metered.slow", 1L));
			assertThat(TestClient.parse(stalled.readText()).path("event").asString()).isEqualTo("wsem:ack");
			String payload = "x".repeat(32 * 1024);
			for (int n = 0; n < 2000 && this.eventManager.clients().find(stalledId).isPresent(); n++) {
				this.eventManager.emit("metered.slow", Map.of("n", n, "payload", payload));
				reader.next();
			}
			assertThat(this.eventManager.clients().find(stalledId)).isEmpty();
			assertThat(stalled.drainUntilClosed(Duration.ofSeconds(60))).isIn(1013, RawWebSocketClient.NO_CLOSE_FRAME);
		}
		assertThat(count(this.registry.find("wsem.clients.overflowed").tag("transport", "websocket")))
			.isEqualTo(overflowed + 1);
		assertThat(count("wsem.messages.dropped")).isGreaterThan(dropped);
	}

	@Test
	void countsAnSseStreamEndedForSlownessAsOverflowed() throws Exception {
		double overflowed = count(this.registry.find("wsem.clients.overflowed").tag("transport", "sse"));
		try (Socket stalled = new Socket()) {
			stalled.setReceiveBufferSize(4096);
			stalled.connect(new InetSocketAddress("localhost", this.port));
			stalled.getOutputStream()
				.write(("GET /wsem/sse?events=metered.sse.slow HTTP/1.1\r\nHost: localhost\r\n"
						+ "Accept: text/event-stream\r\n\r\n")
					.getBytes(StandardCharsets.US_ASCII));
			await().until(() -> this.eventManager.hasClientRegistration("metered.sse.slow"));
			String stalledId = this.eventManager.clients()
				.filter((client) -> client.rooms().contains("metered.sse.slow"))
				.get(0)
				.id();
			String payload = "x".repeat(32 * 1024);
			for (int n = 0; n < 2000 && this.eventManager.hasClientRegistration("metered.sse.slow"); n++) {
				this.eventManager.emit("metered.sse.slow", Map.of("n", n, "payload", payload));
			}
			assertThat(this.eventManager.hasClientRegistration("metered.sse.slow")).isFalse();
			assertThat(this.connectionEvents.disconnected()).containsEntry(stalledId, 1013);
		}
		assertThat(count(this.registry.find("wsem.clients.overflowed").tag("transport", "sse")))
			.isEqualTo(overflowed + 1);
	}

	private double gauge(String name, String transport) {
		return this.registry.get(name).tag("transport", transport).gauge().value();
	}

	private double count(String name) {
		return count(this.registry.find(name));
	}

	private static double count(Search search) {
		return search.functionCounter().count();
	}

	private URI uri(String path) {
		return URI.create("http://localhost:" + this.port + path);
	}

	private JsonNode get(String path) {
		try {
			HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri(path)).build(),
					HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).as(path).isEqualTo(200);
			return TestClient.parse(response.body());
		}
		catch (Exception ex) {
			throw new AssertionError(ex);
		}
	}

}
