package io.github.wsem.sample.todo;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.github.wsem.client.test.WsemTestClient;
import io.github.wsem.client.test.WsemTestClients;
import io.github.wsem.core.EventManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code wsem.js} in Chromium against a server with its own
 * {@code wsem.register-event-name} and {@code wsem.unregister-event-name}: the script the
 * server writes them into registers and unregisters with those names. Chosen ids are on,
 * for {@code takeId}.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = { "wsem.register-event-name=subscribe",
		"wsem.unregister-event-name=unsubscribe", "wsem.allow-chosen-ids=true" })
class WsemJsCustomNamesBrowserTests {

	static Browser browser;

	@LocalServerPort
	int port;

	@Autowired
	EventManager events;

	@Autowired
	WsemTestClients clients;

	@BeforeAll
	static void startBrowser() {
		browser = Browser.start();
		browser.driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(15));
	}

	@AfterAll
	static void stopBrowser() {
		browser.close();
	}

	@Test
	void registersAndUnregistersWithTheConfiguredNames() {
		browser.driver.get("http://localhost:" + this.port + "/harness.html");
		browser.driver.executeAsyncScript(
				"""
						const done = arguments[arguments.length - 1];
						window.sent = [];
						const nativeSend = WebSocket.prototype.send;
						WebSocket.prototype.send = function (text) { sent.push(JSON.parse(text).event); return nativeSend.call(this, text); };
						window.got = [];
						window.w = new WsEventMgr();
						w.on('news', (data) => got.push(data));
						w.on('wsem:open', () => w.emitWithAck('todos:list').then(() => done()));
						""");
		await().atMost(Duration.ofSeconds(5)).until(() -> this.events.hasClientRegistration("news"));
		this.events.emit("news", "hello");
		await().atMost(Duration.ofSeconds(5))
			.until(() -> browser.driver.executeScript("return window.got"), List.of("hello")::equals);

		browser.driver.executeScript("w.end('news');");

		await().atMost(Duration.ofSeconds(5)).until(() -> !this.events.hasClientRegistration("news"));
		assertThat(browser.driver.executeScript("w.close(); return window.sent"))
			.isEqualTo(List.of("subscribe", "todos:list", "unsubscribe"));
	}

	@Test
	void takeIdTakesAFreeIdWithoutReconnectingAndReportsTakenAndInvalidOnes() {
		browser.driver.get("http://localhost:" + this.port + "/harness.html");
		Object result = browser.driver.executeAsyncScript("""
				const done = arguments[arguments.length - 1];
				const opened = (c) => new Promise((resolve) => c.on('wsem:open', () => resolve(c)));
				(async function () {
				  window.a = await opened(new WsEventMgr());
				  window.b = await opened(new WsEventMgr({ transports: ['sse'] }));
				  window.got = [];
				  a.on('moved-news', () => {});
				  a.on('wsem:message', (message, from) => got.push(message));
				  const taken = await a.takeId('carol');
				  const codes = [];
				  for (const id of ['carol', 'server', 'wsem:carol']) {
				    codes.push(await b.takeId(id).then(() => null, (err) => err.code));
				  }
				  return { taken, id: a.id, codes };
				})().then(done, (err) => done(String(err)));
				""");
		assertThat(result).isEqualTo(
				Map.of("taken", "carol", "id", "carol", "codes", List.of("id_taken", "invalid_id", "invalid_id")));
		this.events.send("carol", "for carol");
		await().atMost(Duration.ofSeconds(5))
			.until(() -> browser.driver.executeScript("return window.got"), List.of("for carol")::equals);
		await().atMost(Duration.ofSeconds(5)).until(() -> this.events.hasClientRegistration("moved-news"));
		Object moved = browser.driver.executeAsyncScript(
				"""
						const done = arguments[arguments.length - 1];
						a.releaseId().then(() => b.takeId('carol')).then((id) => done({ id, b: b.id }), (err) => done(String(err)));
						""");
		assertThat(moved).isEqualTo(Map.of("id", "carol", "b", "carol"));
		browser.driver.executeScript("a.close(); b.close();");
	}

	@Test
	void theTestKitRegistersWithTheConfiguredNamesToo() {
		WsemTestClient client = this.clients.connect("kit-news");
		assertThat(client.rooms()).containsExactly("kit-news");
		this.events.emit("kit-news", "for the kit");
		assertThat(client.awaitEvent("kit-news", String.class)).isEqualTo("for the kit");
		client.close();
	}

}
