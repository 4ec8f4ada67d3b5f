package io.github.wsem.websocket;

import io.github.wsem.test.TestClient;
import io.github.wsem.test.ServerTest;
import io.github.wsem.testapp.TestApplication;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The handshake rules of PROTOCOL.md section 1: origins and the {@code wsem.v1}
 * subprotocol.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "wsem.allowed-origins=https://*.allowed.example")
class HandshakeIntegrationTests extends ServerTest {

	@Test
	void refusesAForeignOriginWith403() {
		assertThat(this.clients.builder().header("Origin", "http://evil.example").refusedStatus()).isEqualTo(403);
	}

	@Test
	void refusesAnOriginThatOnlyLooksLikeAnAllowedOne() {
		assertThat(this.clients.builder().header("Origin", "https://allowed.example.evil.example").refusedStatus())
			.isEqualTo(403);
	}

	@Test
	void acceptsAnOriginMatchingAnAllowedPattern() {
		TestClient client = this.clients
			.track(this.clients.builder().header("Origin", "https://app.allowed.example").connect());
		assertThat(client.id()).isNotEmpty();
	}

	@Test
	void acceptsTheSameOrigin() {
		TestClient client = this.clients
			.track(this.clients.builder().header("Origin", "http://localhost:" + this.port).connect());
		assertThat(client.id()).isNotEmpty();
	}

	@Test
	void acceptsAHandshakeWithoutOrigin() {
		assertThat(this.clients.connect().id()).isNotEmpty();
	}

	@Test
	void selectsWsemV1WhenOffered() {
		TestClient client = this.clients.track(this.clients.builder().subprotocols("wsem.v1").connect());
		assertThat(client.subprotocol()).isEqualTo("wsem.v1");
	}

	@Test
	void selectsWsemV1AmongUnknownSubprotocols() {
		TestClient client = this.clients.track(this.clients.builder().subprotocols("foo", "wsem.v1").connect());
		assertThat(client.subprotocol()).isEqualTo("wsem.v1");
	}

	@Test
	void refusesOnlyUnknownSubprotocolsWith400() {
		assertThat(this.clients.builder().subprotocols("foo").refusedStatus()).isEqualTo(400);
	}

	@Test
	void acceptsAHandshakeWithoutSubprotocol() {
		TestClient client = this.clients.connect();
		assertThat(client.subprotocol()).isEmpty();
	}

	@Test
	void createsNoClientForARefusedHandshake() {
		int before = this.eventManager.clients().count();
		this.clients.builder().header("Origin", "http://evil.example").refusedStatus();
		this.clients.builder().subprotocols("foo").refusedStatus();
		assertThat(this.eventManager.clients().count()).isEqualTo(before);
	}

}
