package io.github.wsem.sample.todo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.github.wsem.core.Client;
import io.github.wsem.core.EventManager;
import io.github.wsem.core.Transport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The sample in two real headless Chromium windows, Alice's and Bob's, on one server.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class TodoBrowserTests {

	/** A change must reach the other window within this time. */
	static final Duration PROPAGATION = Duration.ofSeconds(2);

	static final Path SCREENSHOT = Path.of("target", "screenshots", "sample-todo.png");

	static Browser aliceBrowser;

	static Browser bobBrowser;

	@LocalServerPort
	int port;

	@Autowired
	TodoStore store;

	@Autowired
	EventManager events;

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
	void openBothPagesOnAnEmptyList() {
		this.store.clear();
		this.alice = new TodoPage(aliceBrowser.driver).open(baseUrl());
		this.bob = new TodoPage(bobBrowser.driver).open(baseUrl());
		assertThat(this.alice.texts()).isEmpty();
		assertThat(this.bob.texts()).isEmpty();
	}

	@Test
	void aTodoAddedInOneWindowShowsInTheOtherWithinTwoSeconds() {
		this.alice.add("Buy a bottle of milk");

		await().atMost(PROPAGATION).until(this.bob::texts, (texts) -> texts.contains("Buy a bottle of milk"));
		assertThat(this.alice.texts()).containsExactly("Buy a bottle of milk");
		assertThat(this.alice.inputValue()).isEmpty();
		assertThat(this.bob.count()).isEqualTo("1 item left");

		this.bob.addWithButton("Book the dentist");

		await().atMost(PROPAGATION)
			.until(this.alice::texts, List.of("Buy a bottle of milk", "Book the dentist")::equals);
		assertThat(this.alice.count()).isEqualTo("2 items left");
	}

	@Test
	void completingATodoShowsItDoneInEveryWindow() {
		addAndSeeEverywhere("Water the plants");
		addAndSeeEverywhere("Call the plumber");

		this.bob.toggle("Water the plants");

		await().atMost(PROPAGATION).until(this.alice::doneTexts, (done) -> done.contains("Water the plants"));
		assertThat(this.alice.decoration("Water the plants")).contains("line-through");
		assertThat(this.alice.decoration("Call the plumber")).doesNotContain("line-through");
		assertThat(this.alice.count()).isEqualTo("1 item left");
		assertThat(this.bob.doneTexts()).containsExactly("Water the plants");

		this.alice.toggle("Water the plants");

		await().atMost(PROPAGATION).until(this.bob::doneTexts, List::isEmpty);
		assertThat(this.bob.count()).isEqualTo("2 items left");
	}

	@Test
	void deletingATodoRemovesItFromEveryWindow() {
		addAndSeeEverywhere("Return the library books");
		addAndSeeEverywhere("Renew the passport");

		this.alice.delete("Return the library books");

		await().atMost(PROPAGATION).until(this.bob::texts, (texts) -> !texts.contains("Return the library books"));
		await().atMost(PROPAGATION).until(this.alice::texts, (texts) -> !texts.contains("Return the library books"));
		assertThat(this.bob.texts()).containsExactly("Renew the passport");
		assertThat(this.store.list()).extracting(Todo::text).containsExactly("Renew the passport");
	}

	@Test
	void invalidInputShowsAnInlineErrorAndAddsNothing() {
		String tooLong = "x".repeat(501);

		this.alice.add(tooLong);

		await().atMost(PROPAGATION).until(this.alice::error, (error) -> error != null);
		assertThat(this.alice.error()).contains("at most 500 characters");
		assertThat(this.alice.inputValue()).as("what was typed stays, to be shortened").isEqualTo(tooLong);
		this.alice.add("   ");
		await().atMost(PROPAGATION)
			.until(this.alice::error, (error) -> error != null && error.contains("needs some text"));
		assertThat(this.alice.texts()).isEmpty();
		assertThat(this.bob.texts()).isEmpty();
		assertThat(this.store.list()).isEmpty();

		this.alice.add("x".repeat(500));

		await().atMost(PROPAGATION).until(this.bob::texts, (texts) -> texts.size() == 1);
		assertThat(this.alice.error()).isNull();
	}

	@Test
	void aTodoIsShownAsTextNeverAsHtml() {
		String markup = "<img src=x onerror=alert(1)>";

		this.alice.add(markup);

		await().atMost(PROPAGATION).until(this.bob::texts, (texts) -> texts.contains(markup));
		for (TodoPage page : List.of(this.alice, this.bob)) {
			assertThat(page.texts()).containsExactly(markup);
			assertThat(page.textElement(markup).getText()).isEqualTo(markup);
			assertThat(page.count("img")).isZero();
			await().atMost(PROPAGATION).until(page::activity, List.of("“" + markup + "” was added")::equals);
		}
		for (Browser browser : List.of(aliceBrowser, bobBrowser)) {
			assertThatExceptionOfType(NoAlertPresentException.class)
				.isThrownBy(() -> browser.driver.switchTo().alert());
		}
	}

	@Test
	void theActivityFeedOfTheOtherWindowTellsEveryChange() {
		this.alice.add("Buy a bottle of milk");
		await().atMost(PROPAGATION).until(this.alice::texts, (texts) -> texts.contains("Buy a bottle of milk"));
		this.alice.toggle("Buy a bottle of milk");
		await().atMost(PROPAGATION).until(this.alice::doneTexts, (done) -> done.contains("Buy a bottle of milk"));
		this.alice.delete("Buy a bottle of milk");

		List<String> expected = List.of("“Buy a bottle of milk” was deleted", "“Buy a bottle of milk” was completed",
				"“Buy a bottle of milk” was added");
		await().atMost(PROPAGATION).until(this.bob::activity, expected::equals);
		await().atMost(PROPAGATION).until(this.alice::activity, expected::equals);
	}

	@Test
	void theActivityFeedShowsAMultiLineStringActivityWithItsLines() {
		String notice = "The list was tidied up.\nThree done items went away.\n  (kept the open ones)";

		this.events.emit("activity", notice);

		await().atMost(PROPAGATION).until(this.bob::activity, List.of(notice)::equals);
		assertThat(this.bob.newestActivity().getText().lines().map(String::strip)).as("drawn on three lines")
			.containsExactly("The list was tidied up.", "Three done items went away.", "(kept the open ones)");
	}

	@Test
	void aPageOpenedLaterShowsTheCurrentList() {
		bobBrowser.driver.get("about:blank");
		this.alice.add("Feed the cat");
		this.alice.add("Pay the electricity bill");
		await().atMost(PROPAGATION).until(this.alice::texts, (texts) -> texts.size() == 2);
		this.alice.toggle("Feed the cat");
		await().atMost(PROPAGATION).until(this.alice::doneTexts, (done) -> done.contains("Feed the cat"));

		this.bob.open(baseUrl());

		await().atMost(PROPAGATION).until(this.bob::texts, List.of("Feed the cat", "Pay the electricity bill")::equals);
		assertThat(this.bob.doneTexts()).containsExactly("Feed the cat");
		assertThat(this.bob.count()).isEqualTo("1 item left");
	}

	@Test
	void aPageWhoseConnectionTheServerDropsShowsTheTodosAddedMeanwhileWithoutAReload() {
		addAndSeeEverywhere("Written before the drop");
		this.alice.script("window.sameDocument = true");

		this.events.clients().filter((client) -> client.transport() == Transport.WEBSOCKET).forEach(Client::close);
		await().atMost(PROPAGATION).until(() -> !this.events.hasClientRegistration("todo"));
		Todo added = this.store.add("Added while the pages were away").orElseThrow();
		this.events.emit("todo", TodoChange.added(added));

		await().atMost(TodoPage.CONNECT_TIMEOUT)
			.until(this.alice::texts, List.of("Written before the drop", "Added while the pages were away")::equals);
		await().atMost(TodoPage.CONNECT_TIMEOUT)
			.until(this.bob::texts, List.of("Written before the drop", "Added while the pages were away")::equals);
		assertThat(this.alice.status()).isEqualTo("connected");
		assertThat(this.alice.script("return window.sameDocument === true")).as("no reload").isEqualTo(true);
	}

	@Test
	void savesAScreenshotOfAFilledPage() throws IOException {
		String[] todos = { "Buy a bottle of milk", "Water the plants", "Book the dentist for Thursday",
				"Send the slides to Marta", "Fix the squeaky door" };
		for (String todo : todos) {
			addAndSeeEverywhere(todo);
		}
		this.bob.toggle("Water the plants");
		this.bob.toggle("Send the slides to Marta");
		await().atMost(PROPAGATION).until(this.alice::doneTexts, (done) -> done.size() == 2);
		this.alice.type("Plan the team lunch");

		byte[] png = aliceBrowser.driver.getScreenshotAs(OutputType.BYTES);

		Files.createDirectories(SCREENSHOT.getParent());
		Files.write(SCREENSHOT, png);
		assertThat(png).startsWith(0x89, 'P', 'N', 'G');
	}

	private void addAndSeeEverywhere(String text) {
		this.alice.add(text);
		await().atMost(PROPAGATION).until(this.alice::texts, (texts) -> texts.contains(text));
		await().atMost(PROPAGATION).until(this.bob::texts, (texts) -> texts.contains(text));
	}

	private String baseUrl() {
		return "http://localhost:" + this.port;
	}

}
