package io.github.wsem.sample.todo;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The server goes away and comes back on the same port; the open pages notice, wait,
 * reconnect and sync by themselves, without a reload.
 */
class ServerRestartBrowserTests {

	/** Bounded by the client's longest reconnect backoff. */
	static final Duration RECONNECT = Duration.ofSeconds(30);

	static final Duration PROPAGATION = Duration.ofSeconds(2);

	@Test
	void pagesReconnectAndSyncByThemselvesAfterTheServerRestarts() throws Exception {
		int port = freePort();
		String baseUrl = "http://localhost:" + port;
		ConfigurableApplicationContext server = start(port);
		try (Browser aliceBrowser = Browser.start(); Browser bobBrowser = Browser.start()) {
			TodoPage alice = new TodoPage(aliceBrowser.driver).open(baseUrl);
			TodoPage bob = new TodoPage(bobBrowser.driver).open(baseUrl);
			alice.add("Written before the restart");
			await().atMost(PROPAGATION).until(bob::texts, List.of("Written before the restart")::equals);
			alice.script("window.sameDocument = true");

			server.close();

			await().atMost(RECONNECT).until(alice::status, "reconnecting"::equals);
			await().atMost(RECONNECT).until(bob::status, "reconnecting"::equals);
			assertThat(alice.statusText()).isEqualTo("reconnecting…");
			await().atMost(RECONNECT).until(alice::activityState, "reconnecting"::equals);

			server = start(port);

			await().atMost(RECONNECT).until(alice::status, "connected"::equals);
			await().atMost(RECONNECT).until(bob::status, "connected"::equals);
			// The activity feed's EventSource comes back by itself too.
			await().atMost(RECONNECT).until(alice::activityState, "live"::equals);
			assertThat(alice.script("return window.sameDocument === true")).as("no reload").isEqualTo(true);
			// The new server's list is empty (the store is in memory): both pages sync to
			// it.
			await().atMost(PROPAGATION).until(alice::texts, List::isEmpty);
			await().atMost(PROPAGATION).until(bob::texts, List::isEmpty);

			bob.add("Written after the restart");

			await().atMost(PROPAGATION).until(alice::texts, List.of("Written after the restart")::equals);
			assertThat(alice.count()).isEqualTo("1 item left");
			await().atMost(PROPAGATION)
				.until(alice::activity, List.of("“Written after the restart” was added",
						"“Written before the restart” was added")::equals);
		}
		finally {
			server.close();
		}
	}

	private static ConfigurableApplicationContext start(int port) {
		// A command-line argument, so that it wins over application.yml's server.port.
		return new SpringApplicationBuilder(TodoApplication.class).main(TodoApplication.class)
			.run("--server.port=" + port);
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
