package io.github.wsem.sample.todo;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The page over both transports of {@code wsem.js} in real headless Chromium: Alice's
 * window on Server-Sent Events ({@code ?transport=sse}), Bob's on WebSocket, one server.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class SseTransportBrowserTests {

	static final Duration PROPAGATION = Duration.ofSeconds(2);

	static Browser aliceBrowser;

	static Browser bobBrowser;

	@LocalServerPort
	int port;

	@Autowired
	TodoStore store;

	TodoPage alice;

	TodoPage bob;

	@BeforeAll
	static void startBrowsers() {
		aliceBrowser = Browser.start();
		bobBrowser = Browser.start();
	}

	@AfterAll
	static void stopBrowsers() {
		try (Browser alice = aliceBrowser; Browser bob = bobBrowser) {
			// closed in reverse order
		}
	}

	@BeforeEach
	void openAliceOnSseAndBobOnWebSocket() {
		this.store.clear();
		this.alice = new TodoPage(aliceBrowser.driver).open(baseUrl(), "sse");
		this.bob = new TodoPage(bobBrowser.driver).open(baseUrl());
	}

	@Test
	void theBadgeShowsTheTransportInUse() {
		assertThat(this.alice.transport()).isEqualTo("sse");
		assertThat(this.alice.statusText()).isEqualTo("connected · SSE");
		assertThat(this.bob.transport()).isEqualTo("websocket");
		assertThat(this.bob.statusText()).isEqualTo("connected · WebSocket");
	}

	@Test
	void aTodoAddedOnEitherTransportShowsOnTheOtherWithinTwoSeconds() {
		this.alice.add("Buy a bottle of milk");

		await().atMost(PROPAGATION).until(this.bob::texts, List.of("Buy a bottle of milk")::equals);
		await().atMost(PROPAGATION).until(this.alice::texts, List.of("Buy a bottle of milk")::equals);
		assertThat(this.alice.inputValue()).isEmpty();

		this.bob.add("Book the dentist");

		await().atMost(PROPAGATION)
			.until(this.alice::texts, List.of("Buy a bottle of milk", "Book the dentist")::equals);
		assertThat(this.alice.count()).isEqualTo("2 items left");
	}

	@Test
	void completingATodoPropagatesBetweenTransports() {
		addAndSeeEverywhere("Water the plants");

		this.alice.toggle("Water the plants");

		await().atMost(PROPAGATION).until(this.bob::doneTexts, List.of("Water the plants")::equals);

		this.bob.toggle("Water the plants");

		await().atMost(PROPAGATION).until(this.alice::doneTexts, List::isEmpty);
		assertThat(this.alice.count()).isEqualTo("1 item left");
	}

	@Test
	void deletingATodoPropagatesBetweenTransports() {
		addAndSeeEverywhere("Return the library books");
		addAndSeeEverywhere("Renew the passport");

		this.alice.delete("Return the library books");

		await().atMost(PROPAGATION).until(this.bob::texts, List.of("Renew the passport")::equals);

		this.bob.delete("Renew the passport");

		await().atMost(PROPAGATION).until(this.alice::texts, List::isEmpty);
		assertThat(this.store.list()).isEmpty();
	}

	@Test
	void invalidInputShowsTheErrorOnTheSsePage() {
		this.alice.add("x".repeat(501));

		await().atMost(PROPAGATION).until(this.alice::error, (error) -> error != null);
		assertThat(this.alice.error()).contains("at most 500 characters");
		this.alice.add("   ");
		await().atMost(PROPAGATION)
			.until(this.alice::error, (error) -> error != null && error.contains("needs some text"));
		assertThat(this.bob.texts()).isEmpty();
		assertThat(this.store.list()).isEmpty();
	}

	@Test
	void theActivityFeedShowsChangesMadeOverSse() {
		this.alice.add("Feed the cat");

		await().atMost(PROPAGATION).until(this.bob::activity, List.of("“Feed the cat” was added")::equals);
	}

	@Test
	void autoUsesWebSocketWhenItConnects() {
		this.alice.open(baseUrl(), "auto");

		assertThat(this.alice.statusText()).isEqualTo("connected · WebSocket");
	}

	@Test
	void autoFallsBackToSseWhenNoWebSocketGetsThrough() throws IOException {
		// A network that lets no WebSocket through: every handshake goes to a closed
		// port.
		String blockWebSockets = """
				window.WebSocket = ((RealWebSocket) => function (url, protocols) {
				  return new RealWebSocket(url.replace(/^(wss?:\\/\\/)[^/]+/, '$1localhost:%d'), protocols);
				})(window.WebSocket);
				""".formatted(closedPort());
		Object script = aliceBrowser.driver
			.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", blockWebSockets))
			.get("identifier");
		try {
			this.alice.open(baseUrl(), "auto");

			assertThat(this.alice.statusText()).isEqualTo("connected · SSE");
			this.bob.add("Sent over WebSocket, shown over SSE");
			await().atMost(PROPAGATION)
				.until(this.alice::texts, List.of("Sent over WebSocket, shown over SSE")::equals);
		}
		finally {
			aliceBrowser.driver.executeCdpCommand("Page.removeScriptToEvaluateOnNewDocument",
					Map.of("identifier", script));
		}
	}

	private void addAndSeeEverywhere(String text) {
		this.bob.add(text);
		await().atMost(PROPAGATION).until(this.alice::texts, (texts) -> texts.contains(text));
		await().atMost(PROPAGATION).until(this.bob::texts, (texts) -> texts.contains(text));
	}

	private String baseUrl() {
		return "http://localhost:" + this.port;
	}

	private static int closedPort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
