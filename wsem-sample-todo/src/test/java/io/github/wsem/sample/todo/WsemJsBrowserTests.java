package io.github.wsem.sample.todo;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.github.wsem.core.DirectAnswer;
import io.github.wsem.core.EventManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The API of {@code wsem.js} in real headless Chromium, one behaviour per test, driven
 * through {@code src/test/resources/static/harness.html}, a page that only loads
 * {@code /wsem.js}. The page is loaded once; each test makes its own
 * {@code WsEventMgr}s, closed after it. Most behaviours are checked over both
 * transports, WebSocket and SSE.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class WsemJsBrowserTests {

	static final Duration TIMEOUT = Duration.ofSeconds(5);

	/**
	 * Runs before the body of every script: {@code client(options)} makes a
	 * {@code WsEventMgr} that the test closes afterwards, {@code connect(transport)} one
	 * that is connected over that transport, {@code opened(client)} waits for the
	 * welcome. The body is an async function of {@code args}; what it returns, or the
	 * error it throws, goes back to the test.
	 */
	private static final String PRELUDE = """
			const done = arguments[arguments.length - 1];
			const args = Array.prototype.slice.call(arguments, 0, -1);
			window.clients = window.clients || [];
			const client = (options) => {
			  const created = new WsEventMgr(options);
			  window.clients.push(created);
			  return created;
			};
			const opened = (c) => new Promise((resolve) => (c.connected ? resolve(c) : c.on('open', () => resolve(c))));
			const connect = (transport) => opened(client({ transports: [transport] }));
			(async function () {
			/* body */
			})().then((value) => done({ value: value === undefined ? null : value }),
			  (err) => done({ thrown: String((err && err.stack) || err) }));
			""";

	static Browser browser;

	@LocalServerPort
	int port;

	@Autowired
	EventManager events;

	@Autowired
	TodoStore store;

	@BeforeAll
	static void startBrowser() {
		browser = Browser.start();
		browser.driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(15));
	}

	@AfterAll
	static void stopBrowser() {
		browser.close();
	}

	@BeforeEach
	void openTheHarnessOnce() {
		this.store.clear();
		String harness = "http://localhost:" + this.port + "/harness.html";
		if (!harness.equals(browser.driver.getCurrentUrl())) {
			browser.driver.get(harness);
		}
	}

	@AfterEach
	void closeEveryClient() {
		browser.driver.executeScript("(window.clients || []).forEach((c) => c.close()); window.clients = [];");
	}

	@ParameterizedTest(name = "over {0}")
	@ValueSource(strings = { "websocket", "sse" })
	void emitReturnsAPromiseOfTheAckData(String transport) {
		Map<String, Object> result = run("""
				const w = await connect(args[0]);
				const promise = w.emit('todo', { text: 'Buy a bottle of milk' });
				return { isPromise: promise instanceof Promise, saved: await promise };
				""", transport);

		assertThat(result).containsEntry("isPromise", true);
		Map<String, Object> saved = map(result.get("saved"));
		assertThat(saved).containsEntry("text", "Buy a bottle of milk").containsEntry("done", false);
		assertThat(this.store.list()).singleElement().extracting(Todo::id).isEqualTo(saved.get("id"));
	}

	@ParameterizedTest(name = "over {0}")
	@ValueSource(strings = { "websocket", "sse" })
	void anEmitMadeWhileConnectingIsSentOnOpen(String transport) {
		Map<String, Object> result = run("""
				const w = client({ transports: [args[0]] });
				const connectedAtEmit = w.connected;
				const saved = await w.emit('todo', 'Emitted while connecting');
				return { connectedAtEmit, text: saved.text };
				""", transport);

		assertThat(result).containsEntry("connectedAtEmit", false).containsEntry("text", "Emitted while connecting");
	}

	@ParameterizedTest(name = "over {0}")
	@ValueSource(strings = { "websocket", "sse" })
	void anInvalidTodoRejectsWithCodeInvalid(String transport) {
		Map<String, Object> error = rejection("""
				const w = await connect(args[0]);
				await w.emit('todo', { text: 'x'.repeat(501) });
				""", transport);

		assertThat(error).containsEntry("isError", true).containsEntry("code", "invalid");
		assertThat((String) error.get("message")).contains("at most 500 characters");
		assertThat(map(error.get("data"))).containsEntry("code", "invalid");
		assertThat(this.store.list()).isEmpty();
	}

	@ParameterizedTest(name = "over {0}")
	@ValueSource(strings = { "websocket", "sse" })
	void anUnknownEventWithAnAckRejectsNoHandler(String transport) {
		Map<String, Object> error = rejection("""
				const w = await connect(args[0]);
				await w.emit('nobody:listens', { hello: 'anyone?' });
				""", transport);

		assertThat(error).containsEntry("code", "no_handler");
	}

	@ParameterizedTest(name = "over {0}")
	@ValueSource(strings = { "websocket", "sse" })
	void onRegistersOnTheServerAndTheLastEndUnregisters(String transport) {
		String id = run("""
				window.w = await connect(args[0]);
				window.first = () => {};
				window.second = () => {};
				w.on('x', first).on('x', second);
				return w.id;
				""", transport);

		await().atMost(TIMEOUT).until(() -> this.events.hasClientRegistration("x"));
		assertThat(this.events.clients().find(id)).hasValueSatisfying(
				(client) -> assertThat(client.rooms()).contains("x"));

		run("""
				w.end('x', first);
				await w.emit('todos:list'); // a round trip: an unregister would have arrived before it
				""");

		assertThat(this.events.hasClientRegistration("x")).as("one callback is left").isTrue();

		run("w.end('x', second);");

		await().atMost(TIMEOUT).until(() -> !this.events.hasClientRegistration("x"));
	}

	@ParameterizedTest(name = "from {0} to the other transport")
	@ValueSource(strings = { "websocket", "sse" })
	void aDirectMessageIsAnsweredThroughRespond(String transport) {
		Map<String, Object> result = run("""
				const a = await connect(args[0]);
				const b = await connect(args[0] === 'sse' ? 'websocket' : 'sse');
				b.on('message', (message, from, respond) => respond({ got: message, from }));
				const answer = await a.send(b.id, { q: 1 });
				return { answer, a: a.id, b: b.id };
				""", transport);

		Map<String, Object> answer = map(result.get("answer"));
		assertThat(answer).containsEntry("from", result.get("b"));
		assertThat(map(answer.get("message"))).containsEntry("got", Map.of("q", 1L)).containsEntry("from",
				result.get("a"));
	}

	@ParameterizedTest(name = "over {0}")
	@ValueSource(strings = { "websocket", "sse" })
	void aRawTextFromTheServerReachesMessageListenersAsTheString(String transport) {
		String id = run("""
				window.w = await connect(args[0]);
				window.received = [];
				w.on('message', (message, from) => received.push({ message, from }));
				return w.id;
				""", transport);

		this.events.clients().find(id).orElseThrow().sendText("plain words");

		Map<String, Object> raw = new HashMap<>();
		raw.put("message", "plain words");
		raw.put("from", null);
		await().atMost(TIMEOUT).until(() -> script("return window.received"), List.of(raw)::equals);
	}

	@ParameterizedTest(name = "over {0}")
	@ValueSource(strings = { "websocket", "sse" })
	void aServerRequestIsAnsweredByRespondInThePage(String transport) throws Exception {
		String id = run("""
				window.w = await connect(args[0]);
				window.asked = [];
				w.on('message', (message, from, respond) => {
				  asked.push({ message, from });
				  respond({ sum: message.a + message.b });
				});
				return w.id;
				""", transport);

		DirectAnswer answer = this.events.request(id, Map.of("a", 2, "b", 3), TIMEOUT)
			.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);

		assertThat(answer.from()).isEqualTo(id);
		assertThat(answer.message()).isEqualTo(Map.of("sum", 5));
		assertThat(script("return window.asked"))
			.isEqualTo(List.of(Map.of("message", Map.of("a", 2L, "b", 3L), "from", "server")));
	}

	@ParameterizedTest(name = "over {0}")
	@ValueSource(strings = { "websocket", "sse" })
	void closeClosesAndConnectedBecomesFalse(String transport) {
		Map<String, Object> result = run("""
				const w = await connect(args[0]);
				const before = { id: w.id, connected: w.connected, transport: w.transport };
				const closes = [];
				w.on('close', (info) => closes.push(info));
				w.close();
				const after = { id: w.id, connected: w.connected, transport: w.transport };
				const rejected = await w.emit('todos:list').then(() => 'resolved', (err) => err.code);
				return { before, after, closes, rejected };
				""", transport);

		Map<String, Object> before = map(result.get("before"));
		assertThat(before).containsEntry("connected", true).containsEntry("transport", transport);
		Map<String, Object> after = new HashMap<>();
		after.put("id", null);
		after.put("connected", false);
		after.put("transport", null);
		assertThat(map(result.get("after"))).isEqualTo(after);
		assertThat(result.get("closes")).isEqualTo(List.of(Map.of("code", 1000L, "reason", "")));
		assertThat(result.get("rejected")).isEqualTo("closed");
		String id = (String) before.get("id");
		await().atMost(TIMEOUT).until(() -> {
			// SSE has no closing handshake: the server notices a closed stream when it
			// next writes to it (or at the heartbeat).
			this.events.clients().find(id).ifPresent((client) -> client.send("ping", null));
			return this.events.clients().find(id).isEmpty();
		});
	}

	@ParameterizedTest(name = "over {0}")
	@ValueSource(strings = { "websocket", "sse" })
	void eventsEmittedWhileTheServerDroppedTheConnectionArriveOnceAndInOrderAfterTheReconnect(String transport) {
		String id = run("""
				window.w = client({ transports: [args[0]], reconnect: { minDelay: 1000, maxDelay: 1000, jitter: 0 } });
				window.got = [];
				window.opens = 0;
				w.on('open', () => opens++);
				w.on('feed', (n) => got.push(n));
				await opened(w);
				return w.id;
				""", transport);
		await().atMost(TIMEOUT).until(() -> this.events.hasClientRegistration("feed"));
		for (int n = 1; n <= 5; n++) {
			this.events.emit("feed", n);
		}
		await().atMost(TIMEOUT).until(() -> script("return window.got"), List.of(1L, 2L, 3L, 4L, 5L)::equals);

		this.events.clients().find(id).orElseThrow().close();
		await().atMost(TIMEOUT).until(() -> !this.events.hasClientRegistration("feed"));
		for (int n = 6; n <= 10; n++) {
			this.events.emit("feed", n);
		}

		await().atMost(TIMEOUT).until(() -> script("return window.opens"), (opens) -> ((Long) opens) >= 2);
		await().atMost(TIMEOUT).until(() -> script("return window.got"),
				List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L)::equals);
		assertThat(script("return w.id")).as("a new connection").isNotEqualTo(id);
		this.events.emit("feed", 11);
		await().atMost(TIMEOUT).until(() -> script("return window.got.length"), Long.valueOf(11)::equals);
	}

	@Test
	void theEsModuleConnects() {
		Map<String, Object> result = run("""
				const module = await import('/wsem.mjs');
				const w = new module.default();
				window.clients.push(w);
				await opened(w);
				return { id: w.id, connected: w.connected, transport: w.transport,
				  named: module.WsEventMgr === module.default };
				""");

		assertThat(result).containsEntry("connected", true)
			.containsEntry("transport", "websocket")
			.containsEntry("named", true);
		assertThat(this.events.clients().find((String) result.get("id"))).isPresent();
	}

	@Test
	void theTypeScriptDeclarationsAreServed() {
		Map<String, Object> result = run("""
				const response = await fetch('/wsem.d.ts');
				return { status: response.status, text: await response.text() };
				""");

		assertThat(result).containsEntry("status", 200L);
		assertThat((String) result.get("text")).contains("export declare class WsEventMgr")
			.contains("emit<T = any>(event: string, data?: unknown): Promise<T>;");
	}

	/**
	 * Run an async script in the page and return what it returns.
	 * @param body the body of an async function of {@code args}
	 * @param args the arguments
	 * @return the result, converted by WebDriver (objects become maps, numbers longs)
	 */
	@SuppressWarnings("unchecked")
	private <T> T run(String body, Object... args) {
		Map<String, Object> outcome = (Map<String, Object>) browser.driver
			.executeAsyncScript(PRELUDE.replace("/* body */", body), args);
		if (outcome.containsKey("thrown")) {
			throw new AssertionError("The page's script failed: " + outcome.get("thrown"));
		}
		return (T) outcome.get("value");
	}

	/**
	 * Run an async script that must fail, and return what it failed with.
	 */
	private Map<String, Object> rejection(String body, Object... args) {
		return run("try {\n" + body + """
				} catch (err) {
				  return { isError: err instanceof Error, code: err.code, message: err.message, data: err.data };
				}
				throw new Error('It did not fail');
				""", args);
	}

	private Object script(String script) {
		return browser.driver.executeScript(script);
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> map(Object value) {
		return (Map<String, Object>) value;
	}

}
