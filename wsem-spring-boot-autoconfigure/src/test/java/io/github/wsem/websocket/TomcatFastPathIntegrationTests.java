package io.github.wsem.websocket;

import java.time.Duration;

import io.github.wsem.idletest.IdleTimeoutApplication;
import io.github.wsem.test.ServerTest;
import io.github.wsem.test.TestClient;
import jakarta.websocket.server.ServerContainer;
import org.apache.tomcat.websocket.WsWebSocketContainer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.web.context.WebApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Tomcat fast path keeps what Tomcat's own send does: a client that only receives is
 * not closed by the session idle timeout (one second here, checked every second). With
 * the fast path off, frames go through the container's WebSocket API.
 */
class TomcatFastPathIntegrationTests {

	abstract static class PushOnlyClient extends ServerTest {

		@Autowired
		WebApplicationContext context;

		@Autowired
		WsemWebSocketHandler handler;

		@BeforeEach
		void checkIdleSessionsEverySecond() {
			ServerContainer container = (ServerContainer) this.context.getServletContext()
				.getAttribute(ServerContainer.class.getName());
			((WsWebSocketContainer) container).setProcessPeriod(1);
		}

		@Test
		void staysOpenPastTheIdleTimeoutWhileItReceives() throws InterruptedException {
			TestClient client = this.clients.connect();
			client.register("push");
			long end = System.nanoTime() + Duration.ofMillis(3500).toNanos();
			int sent = 0;
			while (System.nanoTime() < end) {
				this.eventManager.to("push").emit("push", sent++);
				Thread.sleep(200);
			}
			for (int n = 0; n < sent; n++) {
				assertThat(client.next().path("data").asInt()).isEqualTo(n);
			}
			assertThat(client.isOpen()).isTrue();
		}

	}

	@Nested
	@SpringBootTest(classes = IdleTimeoutApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
	class OnTheFastPath extends PushOnlyClient {

		@Test
		void writesToTheSocketItself() {
			this.clients.connect();
			assertThat(this.handler.writerInUse()).isEqualTo(WsemWebSocketHandler.WriterKind.TOMCAT);
		}

	}

	@Nested
	@SpringBootTest(classes = IdleTimeoutApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
			properties = "wsem.websocket.tomcat-fast-path=false")
	class WithTheFastPathOff extends PushOnlyClient {

		@Test
		void writesThroughTheContainersApi() {
			this.clients.connect();
			assertThat(this.handler.writerInUse()).isEqualTo(WsemWebSocketHandler.WriterKind.CONTAINER);
		}

	}

}
