package io.github.wsem.sample.todo;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.github.wsem.core.Client;
import io.github.wsem.core.DirectAnswer;
import io.github.wsem.core.EventHandler;
import io.github.wsem.core.EventManager;
import io.github.wsem.sse.SseRegistry;
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
 * {@code /wsem.js}. The page is loaded once; each test makes its own {@code WsEventMgr}s,
 * closed after it. Most behaviours are checked over both transports, WebSocket and SSE.
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
			const opened = (c) => new Promise((resolve) => (c.connected ? resolve(c) : c.on('wsem:open', () => resolve(c))));
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

	@Autowired
	SseRegistry sse;

	/** The clients that emitted {@code test:never}, whose ack never comes. */
	final Map<String, CompletableFuture<Object>> neverAnswered = new ConcurrentHashMap<>();

	private final EventHandler<Object> never = (data, client) -> this.neverAnswered.computeIfAbsent(client.id(),
			(id) -> new CompletableFuture<>());

	private final EventHandler<Object> slow = (data, client) -> CompletableFuture.supplyAsync(() -> "slow",
			CompletableFuture.delayedExecutor(3, TimeUnit.SECONDS));

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
		this.events.on("test:never", this.never);
		this.events.on("test:slow", this.slow);
		String harness = "http://localhost:" + this.port + "/harness.html";
		if (!harness.equals(browser.driver.getCurrentUrl())) {
			browser.driver.get(harness);
		}
	}

	@AfterEach
	void closeEveryClient() {
		browser.driver.executeScript("(window.clients || []).forEach((c) => c.close()); window.clients = [];");
		this.events.off("test:never", this.never);
		this.events.off("test:slow", this.slow);
		this.neverAnswered.clear();
	}

	@ParameterizedTest(name = "over {0}")
	@ValueSource(strings = { "websocket", "sse" })
	void emitWithAckReturnsAPromiseOfTheAckData(String transport) {
		Map<String, Object> result = run("""
				const w = await connect(args[0]);
				const promise = w.emitWithAck('todo', { text: 'Buy a bottle of milk' });
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
				const saved = await w.emitWithAck('todo', 'Emitted while connecting');
				return { connectedAtEmit, text: saved.text };
				""", transport);

		assertThat(result).containsEntry("connectedAtEmit", false).containsEntry("text", "Emitted while connecting");
	}

	@ParameterizedTest(name = "over {0}")
	@ValueSource(strings = { "websocket", "sse" })
	void anInvalidTodoRejectsWithCodeInvalid(String transport) {
		Map<String, Object> error = rejection("""
				const w = await connect(args[0]);
				await w.emitWithAck('todo', { text: 'x'.repeat(501) });
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
				await w.emitWithAck('nobody:listens', { hello: 'anyone?' });
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
		assertThat(this.events.clients().find(id))
			.hasValueSatisfying((client) -> assertThat(client.rooms()).contains("x"));

		run("""
				w.end('x', first);
				await w.emitWithAck('todos:list'); // a round trip: an unregister would have arrived before it
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
				b.on('wsem:message', (message, from, respond) => respond({ got: message, from }));
				const answer = await a.sendWithAck({ q: 1 }, b.id);
				return { answer, a: a.id, b: b.id };
				""", transport);

		Map<String, Object> answer = map(result.get("answer"));
		assertThat(answer).containsEntry("from", result.get("b"));
		assertThat(map(answer.get("message"))).containsEntry("got", Map.of("q", 1L))
			.containsEntry("from", result.get("a"));
	}

	@ParameterizedTest(name = "over {0}")
	@ValueSource(strings = { "websocket", "sse" })
	void releaseIdGivesAFreshIdWithoutReconnectingAndTakeIdNeedsChosenIds(String transport) {
		Map<String, Object> result = run("""
				const w = await connect(args[0]);
				const other = await connect('websocket');
				let opens = 0;
				w.on('wsem:open', () => opens++);
				w.on('wsem:message', (message, from, respond) => respond('here'));
				const previous = w.id;
				const fresh = await w.releaseId();
				const unknown = await other.sendWithAck('anyone?', previous).then(() => null, (err) => err.code);
				const answer = await other.sendWithAck('found you', fresh);
				const refused = await w.takeId('alice').then(() => null, (err) => err.code);
				let thrown = null;
				try { w.takeId(''); } catch (err) { thrown = err.name; }
				const saved = await w.emitWithAck('todo', { text: 'after the new id' });
				return { previous, fresh, id: w.id, unknown, from: answer.from, answer: answer.message, refused, thrown,
				  saved: saved.text, opens, connected: w.connected };
				""", transport);

		assertThat(result.get("fresh")).isNotNull().isNotEqualTo(result.get("previous")).isEqualTo(result.get("id"));
		assertThat(result).containsEntry("unknown", "unknown_client")
			.containsEntry("from", result.get("fresh"))
			.containsEntry("answer", "here")
			.containsEntry("refused", "forbidden")
			.containsEntry("thrown", "TypeError")
			.containsEntry("saved", "after the new id")
			.containsEntry("opens", 0L)
			.containsEntry("connected", true);
		assertThat(this.events.clients().find((String) result.get("fresh"))).isPresent();
		assertThat(this.events.clients().find((String) result.get("previous"))).isEmpty();
	}

	@ParameterizedTest(name = "over {0}")
	@ValueSource(strings = { "websocket", "sse" })
	void aRawTextFromTheServerReachesMessageListenersAsTheString(String transport) {
		String id = run("""
				window.w = await connect(args[0]);
				window.received = [];
				w.on('message', (message, meta) => received.push({ message, raw: meta.raw }));
				return w.id;
				""", transport);

		this.events.clients().find(id).orElseThrow().sendText("plain words");

		Map<String, Object> raw = new HashMap<>();
		raw.put("message", "plain words");
		raw.put("raw", true);
		await().atMost(TIMEOUT).until(() -> script("return window.received"), List.of(raw)::equals);
	}

	@ParameterizedTest(name = "over {0}")
	@ValueSource(strings = { "websocket", "sse" })
	void aServerRequestIsAnsweredByRespondInThePage(String transport) throws Exception {
		String id = run("""
				window.w = await connect(args[0]);
				window.asked = [];
				w.on('wsem:message', (message, from, respond) => {
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
				w.on('wsem:close', (info) => closes.push(info));
				w.close();
				const after = { id: w.id, connected: w.connected, transport: w.transport };
				const rejected = await w.emitWithAck('todos:list').then(() => 'resolved', (err) => err.code);
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
				w.on('wsem:open', () => opens++);
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
		await().atMost(TIMEOUT)
			.until(() -> script("return window.got"), List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L)::equals);
		assertThat(script("return w.id")).as("a new connection").isNotEqualTo(id);
		this.events.emit("feed", 11);
		await().atMost(TIMEOUT).until(() -> script("return window.got.length"), Long.valueOf(11)::equals);
	}

	@ParameterizedTest(name = "over {0}")
	@ValueSource(strings = { "websocket", "sse" })
	void emitIsFireAndForgetSoEventsNobodyHandlesCostNothing(String transport) {
		Map<String, Object> result = run(
				"""
						window.unhandled = 0;
						window.addEventListener('unhandledrejection', () => unhandled++);
						const sent = [];
						const nativeSend = WebSocket.prototype.send;
						WebSocket.prototype.send = function (text) { sent.push(text); return nativeSend.call(this, text); };
						const nativeFetch = window.fetch;
						window.fetch = (url, init) => { if (init && init.body) sent.push(...init.body.split('\\n')); return nativeFetch(url, init); };
						try {
						  const w = await connect(args[0]);
						  const errors = [];
						  w.on('wsem:error', (err) => errors.push(err.code));
						  let returned = null;
						  for (let i = 0; i < 250; i++) returned = w.emit('cursor:moved', { x: i });
						  const list = await w.emitWithAck('todos:list');
						  await new Promise((resolve) => setTimeout(resolve, 200));
						  const emits = sent.map((text) => JSON.parse(text)).filter((f) => f.event === 'cursor:moved');
						  return { chained: returned === w, emits: emits.length, withAck: emits.filter((f) => 'ack' in f).length,
						    errors, unhandled, connected: w.connected, list };
						} finally {
						  WebSocket.prototype.send = nativeSend;
						  window.fetch = nativeFetch;
						}
						""",
				transport);

		assertThat(result).containsEntry("chained", true)
			.containsEntry("emits", 250L)
			.containsEntry("withAck", 0L)
			.containsEntry("errors", List.of())
			.containsEntry("unhandled", 0L)
			.containsEntry("connected", true)
			.containsEntry("list", List.of());
	}

	@ParameterizedTest(name = "over {0}")
	@ValueSource(strings = { "websocket", "sse" })
	void emitWithACallbackGetsTheAckOrTheError(String transport) {
		Map<String, Object> result = run(
				"""
						const w = await connect(args[0]);
						const saved = await new Promise((resolve) => w.emit('todo', { text: 'called back' }, (err, r) => resolve({ err, r })));
						const list = await new Promise((resolve) => w.emit('todos:list', (err, r) => resolve(r)));
						const failed = await new Promise((resolve) => w.emit('nobody:listens', 1, (err, r) => resolve(err.code)));
						return { err: saved.err, text: saved.r.text, listed: list.length, failed };
						""",
				transport);

		assertThat(result).containsEntry("err", null)
			.containsEntry("text", "called back")
			.containsEntry("listed", 1L)
			.containsEntry("failed", "no_handler");
	}

	@ParameterizedTest(name = "over {0}")
	@ValueSource(strings = { "websocket", "sse" })
	void sendWithoutACallbackCannotBeAnsweredAndWithOneGetsTheFirstAnswer(String transport) {
		Map<String, Object> result = run(
				"""
						const a = await connect(args[0]);
						const b = await connect(args[0]);
						const got = [];
						b.on('wsem:message', (message, from, respond) => { got.push({ message, from }); respond.send('an answer'); });
						const errors = [];
						a.on('wsem:error', (err) => errors.push(err.code));
						const returned = a.send({ complex: 'thing' }, b.id);
						a.send('to nobody', 'no-such-client');
						const answered = await new Promise((resolve) => a.send('Hi there', b.id, (from, answer, err) => resolve({ from, answer, err })));
						const unknown = await new Promise((resolve) => a.send('hello?', 'no-such-client', (from, answer, err) => resolve({ from, code: err.code })));
						let thrown = null;
						try { a.send('hi', 42); } catch (err) { thrown = err.name; }
						await a.emitWithAck('todos:list');
						return { chained: returned === a, got, a: a.id, b: b.id, answered, unknown, thrown, errors };
						""",
				transport);

		String a = (String) result.get("a");
		assertThat(result.get("got")).isEqualTo(List.of(Map.of("message", Map.of("complex", "thing"), "from", a),
				Map.of("message", "Hi there", "from", a)));
		assertThat(map(result.get("answered"))).containsEntry("from", result.get("b"))
			.containsEntry("answer", "an answer")
			.containsEntry("err", null);
		Map<String, Object> unknown = new HashMap<>();
		unknown.put("from", null);
		unknown.put("code", "unknown_client");
		assertThat(result).containsEntry("chained", true)
			.containsEntry("unknown", unknown)
			.containsEntry("thrown", "TypeError")
			.containsEntry("errors", List.of());
	}

	@ParameterizedTest(name = "over {0}")
	@ValueSource(strings = { "websocket", "sse" })
	void applicationEventsNamedLikeTheClientsOwnEventsArrive(String transport) {
		String id = run("""
				window.w = await connect(args[0]);
				window.got = [];
				for (const name of ['open', 'close', 'error', 'reconnecting', 'message']) {
				  w.on(name, (data, meta) => got.push(meta.event + '=' + data));
				}
				await w.emitWithAck('todos:list');
				return w.id;
				""", transport);

		for (String name : List.of("open", "close", "error", "reconnecting", "message")) {
			this.events.emit(name, name + "!");
		}

		await().atMost(TIMEOUT)
			.until(() -> script("return window.got"), List.of("open=open!", "close=close!", "error=error!",
					"reconnecting=reconnecting!", "message=message!")::equals);
		assertThat(script("return w.connected")).isEqualTo(true);
		assertThat(this.events.clients().find(id).orElseThrow().rooms()).contains("open", "message");
	}

	@Test
	void simpleSsesUnnamedEventsReachMessageListeners() {
		String id = run("""
				window.w = await connect('sse');
				window.got = [];
				w.on('message', (data, meta) => got.push(data));
				w.on('todo', () => {});
				await w.emitWithAck('todos:list');
				return w.id;
				""");
		Client client = this.events.clients().find(id).orElseThrow();

		this.sse.send(client, "just for you");
		this.sse.broadcast("todo", Map.of("to", "the todo room"));

		await().atMost(TIMEOUT)
			.until(() -> script("return window.got"), List.of("just for you", Map.of("to", "the todo room"))::equals);
	}

	@Test
	void reservedNamesAreRefusedInThePage() {
		Map<String, Object> result = run("""
				const w = await connect('websocket');
				const thrown = [];
				for (const call of [() => w.on('wsem:welcome', () => {}), () => w.emit('wsem:register', 'x'),
				    () => w.emitWithAck('wsem:send', {}), () => w.on('', () => {}), () => w.emit(42)]) {
				  try { call(); thrown.push(null); } catch (err) { thrown.push(err.name + ': ' + err.message); }
				}
				return { thrown, connected: w.connected, list: await w.emitWithAck('todos:list') };
				""");

		assertThat((List<?>) result.get("thrown")).hasSize(5)
			.allSatisfy((thrown) -> assertThat(thrown).asString().startsWith("TypeError: wsem: "));
		assertThat(result).containsEntry("connected", true).containsEntry("list", List.of());
	}

	@ParameterizedTest(name = "over {0}")
	@ValueSource(strings = { "websocket", "sse" })
	void withReconnectFalseADroppedClientStaysClosed(String transport) {
		String id = run("""
				window.w = client({ transports: [args[0]], reconnect: false });
				window.log = [];
				w.on('wsem:close', (info) => log.push('close'));
				w.on('wsem:reconnecting', () => log.push('reconnecting'));
				w.on('wsem:open', () => log.push('open'));
				await opened(w);
				window.pending = w.emitWithAck('test:never').then(() => 'resolved', (err) => err.code);
				return w.id;
				""", transport);
		await().atMost(TIMEOUT).until(() -> this.neverAnswered.containsKey(id));

		this.events.clients().find(id).orElseThrow().close();

		Map<String, Object> result = run("""
				const pending = await window.pending;
				const after = await w.emitWithAck('todos:list').then(() => 'resolved', (err) => err.code);
				await new Promise((resolve) => setTimeout(resolve, 700));
				return { pending, after, log, connected: w.connected };
				""");
		assertThat(result).containsEntry("pending", "disconnected")
			.containsEntry("after", "closed")
			.containsEntry("log", List.of("open", "close"))
			.containsEntry("connected", false);
	}

	@ParameterizedTest(name = "over {0}")
	@ValueSource(strings = { "websocket", "sse" })
	void ackTimeoutRejectsAnUnansweredEmit(String transport) {
		Map<String, Object> result = run(
				"""
						const w = await opened(client({ transports: [args[0]], ackTimeout: 300 }));
						const started = Date.now();
						const code = await w.emitWithAck('test:never').then(() => 'resolved', (err) => err.code);
						return { code, waited: Date.now() - started, connected: w.connected, list: await w.emitWithAck('todos:list') };
						""",
				transport);

		assertThat(result).containsEntry("code", "timeout").containsEntry("connected", true);
		assertThat((Long) result.get("waited")).isBetween(250L, 4000L);
	}

	@Test
	void unknownProtocolsAreRefusedAndReportedAsErrorAndReconnecting() {
		Map<String, Object> result = run(
				"""
						const w = client({ protocols: ['chat.v9'], reconnect: { minDelay: 60000, maxDelay: 60000, jitter: 0 } });
						const events = [];
						w.on('wsem:error', (err) => events.push('error:' + err.code));
						w.on('wsem:close', (info) => events.push('close:' + info.code));
						const info = await new Promise((resolve) => w.on('wsem:reconnecting', resolve));
						return { events, info, connected: w.connected };
						""");

		assertThat(result.get("events")).isEqualTo(List.of("error:transport", "close:1006"));
		assertThat(map(result.get("info"))).containsEntry("attempt", 1L)
			.containsEntry("delay", 60000L)
			.containsEntry("transport", "websocket");
		assertThat(result).containsEntry("connected", false);
	}

	@Test
	void offeredProtocolsAreMatchedWhateverTheirCase() {
		Map<String, Object> result = run("""
				const Native = window.WebSocket;
				let socket = null;
				window.WebSocket = function (url, protocols) { socket = new Native(url, protocols); return socket; };
				try {
				  const w = await opened(client({ protocols: ['chat.v9', 'WSEM.V1'] }));
				  return { protocol: socket.protocol, connected: w.connected };
				} finally {
				  window.WebSocket = Native;
				}
				""");

		assertThat(result).containsEntry("protocol", "WSEM.V1").containsEntry("connected", true);
	}

	@ParameterizedTest(name = "over {0}")
	@ValueSource(strings = { "websocket", "sse" })
	void anAbsoluteUrlIsUsed(String transport) {
		Map<String, Object> result = run(
				"""
						const scheme = args[0] === 'sse' ? 'http' : 'ws';
						const w = await opened(client({ transports: [args[0]], url: scheme + '://localhost:' + args[1] + '/wsem' }));
						const wrong = client({ transports: [args[0]], url: 'http://localhost:' + args[1] + '/not-wsem', reconnect: false });
						const closed = await new Promise((resolve) => wrong.on('wsem:close', resolve));
						return { connected: w.connected, transport: w.transport, wrongConnected: wrong.connected };
						""",
				transport, this.port);

		assertThat(result).containsEntry("connected", true)
			.containsEntry("transport", transport)
			.containsEntry("wrongConnected", false);
	}

	@Test
	void overSseASlowHandlerOrAWaitingSendHoldsUpNoLaterEmit() {
		Map<String, Object> result = run("""
				const w = await connect('sse');
				const silent = await connect('websocket');
				const order = [];
				const slow = w.emitWithAck('test:slow').then(() => order.push('slow'));
				const waiting = w.sendWithAck('nobody answers', silent.id).catch(() => order.push('send'));
				w.emit('todo', 'first');
				w.emit('todo', 'second');
				const list = await w.emitWithAck('todos:list');
				order.push('list');
				await slow;
				return { order, texts: list.map((todo) => todo.text) };
				""");

		assertThat(result.get("order")).isEqualTo(List.of("list", "slow"));
		assertThat(result.get("texts")).isEqualTo(List.of("first", "second"));
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
			.contains("emitWithAck<T = any>(event: string, data?: unknown): Promise<T>;");
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
