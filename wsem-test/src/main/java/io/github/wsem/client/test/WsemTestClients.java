package io.github.wsem.client.test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

import io.github.wsem.client.WsemClient;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.env.Environment;

/**
 * Connects {@link WsemTestClient}s to the application under test. In a
 * {@code @SpringBootTest(webEnvironment = RANDOM_PORT)} (or {@code DEFINED_PORT}) it is a
 * bean: {@code @Autowired WsemTestClients clients}. It finds the port and
 * {@code wsem.endpoint} by itself, writes and reads data with the application's
 * {@link JsonMapper}, and closes the clients of a test when the test method ends.
 *
 * <pre class="code">
 * WsemTestClient alice = clients.connect("todo");
 * WsemTestClient bob = clients.connect("todo");
 * Todo saved = alice.emit("todo", Map.of("text", "milk")).expectAck(Todo.class);
 * assertThat(bob.awaitEvent("todo", TodoChange.class).text()).isEqualTo("milk");
 * </pre>
 */
public final class WsemTestClients implements DisposableBean {

	/** How long a test client waits for what it awaits. */
	public static final Duration TIMEOUT = Duration.ofSeconds(5);

	private final Environment environment;

	private final JsonMapper json;

	private final List<WsemTestClient> open = new CopyOnWriteArrayList<>();

	/**
	 * Create the test clients of an application.
	 * @param environment the application's environment, with {@code local.server.port}
	 * @param json the application's mapper, if it has one
	 */
	public WsemTestClients(Environment environment, ObjectProvider<JsonMapper> json) {
		this.environment = environment;
		this.json = json.getIfAvailable(() -> JsonMapper.builder().build());
	}

	/**
	 * Connect a client over WebSocket and register it for events, waiting until both are
	 * done.
	 * @param events the events to register for
	 * @return the connected client
	 */
	public WsemTestClient connect(String... events) {
		return connect((builder) -> {
		}, events);
	}

	/**
	 * Connect a client built with more options (headers such as {@code Authorization},
	 * transports) and register it for events.
	 * @param customizer changes the builder
	 * @param events the events to register for
	 * @return the connected client
	 */
	public WsemTestClient connect(Consumer<WsemClient.Builder> customizer, String... events) {
		WsemClient.Builder builder = WsemClient.builder(url())
			.registerEventNames(this.environment.getProperty("wsem.register-event-name", "wsem:register"),
					this.environment.getProperty("wsem.unregister-event-name", "wsem:unregister"))
			.jsonMapper(this.json)
			.ackTimeout(TIMEOUT)
			.reconnect(Duration.ofMillis(100), Duration.ofSeconds(1));
		customizer.accept(builder);
		WsemTestClient client = new WsemTestClient(builder.build(), this.json, TIMEOUT);
		this.open.add(client);
		try {
			client.client().connect().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new AssertionError("Cannot connect to " + url(), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AssertionError(ex);
		}
		return client.register(events);
	}

	/**
	 * Return the URL clients connect to: {@code ws://localhost:{port}{endpoint}}.
	 * @return the URL
	 */
	public String url() {
		String port = this.environment.getProperty("local.server.port",
				this.environment.getProperty("server.port", "8080"));
		String contextPath = this.environment.getProperty("server.servlet.context-path", "");
		String scheme = this.environment.getProperty("server.ssl.enabled", Boolean.class, false) ? "wss" : "ws";
		return scheme + "://localhost:" + port + contextPath + this.environment.getProperty("wsem.endpoint", "/wsem");
	}

	/**
	 * Close every client connected so far.
	 */
	public void closeAll() {
		for (WsemTestClient client : this.open) {
			client.close();
		}
		this.open.clear();
	}

	@Override
	public void destroy() {
		closeAll();
	}

}
