package io.github.wsem.websocket;

import io.github.wsem.core.Client;
import io.github.wsem.test.ServerTest;
import io.github.wsem.test.TestClient;
import io.github.wsem.testapp.TestApplication;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.web.servlet.FilterRegistrationBean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * On Tomcat a handshake that wsem accepts is upgraded by {@link WebSocketUpgradeFilter},
 * before Spring MVC, and the client sees the same handshake as through Spring's handler;
 * a handshake it refuses is answered by Spring's handler as before.
 */
class DirectUpgradeIntegrationTests {

	@Nested
	@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
	class On extends ServerTest {

		@Autowired
		FilterRegistrationBean<WebSocketUpgradeFilter> registration;

		@Test
		void upgradesBeforeSpringMvc() {
			long before = this.registration.getFilter().upgrades();
			TestClient client = this.clients
				.track(this.clients.builder().header("X-Direct", "yes").subprotocols("wsem.v1").connect());
			assertThat(this.registration.getFilter().upgrades()).isEqualTo(before + 1);
			assertThat(client.subprotocol()).isEqualTo("wsem.v1");
			Client server = this.eventManager.clients().find(client.id()).orElseThrow();
			assertThat(server.handshakeHeaders().getFirst("X-Direct")).isEqualTo("yes");
			assertThat(server.attributes()).isNotNull();
		}

		@Test
		void leavesARefusedHandshakeToSpring() {
			long before = this.registration.getFilter().upgrades();
			assertThat(this.clients.builder().subprotocols("foo").refusedStatus()).isEqualTo(400);
			assertThat(this.registration.getFilter().upgrades()).isEqualTo(before);
		}

	}

	@Nested
	@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
			properties = "wsem.websocket.direct-upgrade=false")
	class Off extends ServerTest {

		@Autowired
		ObjectProvider<FilterRegistrationBean<WebSocketUpgradeFilter>> registration;

		@Test
		void upgradesThroughSpringsHandler() {
			assertThat(this.registration.getIfAvailable()).isNull();
			assertThat(this.clients.connect().id()).isNotEmpty();
		}

	}

}
