package io.github.wsem.sample.todo;

import java.time.Duration;
import java.util.List;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

import static org.awaitility.Awaitility.await;

/**
 * The to-do page as a test sees it, by its {@code data-testid} attributes.
 */
final class TodoPage {

	static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

	private final WebDriver driver;

	TodoPage(WebDriver driver) {
		this.driver = driver;
	}

	/**
	 * Load the page on its default transport, WebSocket, and wait until both the list and
	 * the activity feed are connected.
	 * @param baseUrl the server's base URL
	 * @return this page
	 */
	TodoPage open(String baseUrl) {
		return load(baseUrl + "/");
	}

	/**
	 * Load the page with {@code ?transport=} and wait until both the list and the
	 * activity feed are connected.
	 * @param baseUrl the server's base URL
	 * @param transport {@code websocket}, {@code sse} or {@code auto}
	 * @return this page
	 */
	TodoPage open(String baseUrl, String transport) {
		return load(baseUrl + "/?transport=" + transport);
	}

	private TodoPage load(String url) {
		this.driver.get(url);
		await().atMost(CONNECT_TIMEOUT).until(this::status, "connected"::equals);
		await().atMost(CONNECT_TIMEOUT).until(this::activityState, "live"::equals);
		return this;
	}

	/** Type a to-do and press Enter. */
	void add(String text) {
		type(text);
		byTestId("new-todo").sendKeys(Keys.ENTER);
	}

	/** Type in the new to-do field, without adding. */
	void type(String text) {
		WebElement input = byTestId("new-todo");
		input.clear();
		input.sendKeys(text);
	}

	/** Type a to-do and click Add. */
	void addWithButton(String text) {
		type(text);
		byTestId("add").click();
	}

	void toggle(String text) {
		item(text).findElement(By.cssSelector("[data-testid=toggle]")).click();
	}

	void delete(String text) {
		item(text).findElement(By.cssSelector("[data-testid=delete]")).click();
	}

	/**
	 * The texts of the to-dos, in page order, as the DOM holds them.
	 * @return the texts
	 */
	@SuppressWarnings("unchecked")
	List<String> texts() {
		return (List<String>) script("return [...document.querySelectorAll('[data-testid=todo-text]')]"
				+ ".map((text) => text.textContent)");
	}

	/**
	 * The to-dos that are marked done, by text.
	 * @return the texts of done items
	 */
	@SuppressWarnings("unchecked")
	List<String> doneTexts() {
		return (List<String>) script("return [...document.querySelectorAll('[data-testid=todo]')]"
				+ ".filter((item) => item.querySelector('[data-testid=toggle]').checked"
				+ " && item.classList.contains('done'))"
				+ ".map((item) => item.querySelector('[data-testid=todo-text]').textContent)");
	}

	/**
	 * How a to-do's text is drawn: its computed text decoration line.
	 * @param text the to-do's text
	 * @return for example {@code line-through} or {@code none}
	 */
	String decoration(String text) {
		return textElement(text).getCssValue("text-decoration-line");
	}

	String status() {
		return byTestId("status").getDomAttribute("data-state");
	}

	/**
	 * The transport the list's connection uses, as the status badge tells it.
	 * @return {@code websocket} or {@code sse}, or {@code null} while not connected
	 */
	String transport() {
		return byTestId("status").getDomAttribute("data-transport");
	}

	/**
	 * The state of the activity feed's {@code EventSource}.
	 * @return {@code connecting}, {@code live}, {@code reconnecting} or {@code closed}
	 */
	String activityState() {
		return byTestId("activity").getDomAttribute("data-state");
	}

	/**
	 * The texts of the activity feed, newest first, as the DOM holds them.
	 * @return the texts
	 */
	@SuppressWarnings("unchecked")
	List<String> activity() {
		return (List<String>) script("return [...document.querySelectorAll('[data-testid=activity-text]')]"
				+ ".map((text) => text.textContent)");
	}

	String statusText() {
		return byTestId("status").getText();
	}

	String count() {
		return byTestId("count").getText();
	}

	String inputValue() {
		return byTestId("new-todo").getDomProperty("value");
	}

	/**
	 * The visible inline error, or {@code null} when none is shown.
	 * @return the error's text
	 */
	String error() {
		WebElement error = byTestId("error");
		return error.isDisplayed() ? error.getText() : null;
	}

	long count(String cssSelector) {
		return ((Number) script("return document.querySelectorAll(arguments[0]).length", cssSelector)).longValue();
	}

	Object script(String script, Object... args) {
		return ((JavascriptExecutor) this.driver).executeScript(script, args);
	}

	WebElement item(String text) {
		return this.driver.findElements(By.cssSelector("[data-testid=todo]"))
			.stream()
			.filter((item) -> text
				.equals(item.findElement(By.cssSelector("[data-testid=todo-text]")).getDomProperty("textContent")))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No to-do '" + text + "' on the page"));
	}

	WebElement newestActivity() {
		return byTestId("activity-text");
	}

	WebElement textElement(String text) {
		return item(text).findElement(By.cssSelector("[data-testid=todo-text]"));
	}

	private WebElement byTestId(String id) {
		return this.driver.findElement(By.cssSelector("[data-testid=" + id + "]"));
	}

}
