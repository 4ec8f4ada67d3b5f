package io.github.wsem.sample.todo;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.github.wsem.client.Transport;
import io.github.wsem.client.WsemClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The packaged jar in AOT mode ({@code java -Dspring.aot.enabled=true -jar}), started as
 * its own process after {@code package}: it serves the to-do list over WebSocket and SSE
 * to real clients, and the build's AOT processing wrote the native-image hints of wsem
 * and of the sample's listeners.
 */
class AotJarIT {

	private static final Path JAR = Path
		.of(System.getProperty("wsem.sample.jar", "target/wsem-sample-todo-0.1.0-SNAPSHOT.jar"));

	private static Process server;

	private static Path log;

	private static int port;

	@BeforeAll
	static void startTheJarInAotMode() throws Exception {
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		log = Files.createTempFile("wsem-sample-aot", ".log");
		server = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"),
				"-Dspring.aot.enabled=true", "-jar", JAR.toString(), "--server.port=" + port,
				"--spring.main.banner-mode=off")
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).until(() -> {
			assertThat(server.isAlive()).as("the server is running; its log: %s", Files.readString(log)).isTrue();
			return Files.readString(log).contains("Started TodoApplication");
		});
	}

	@AfterAll
	static void stopTheServer() throws Exception {
		if (server != null) {
			server.destroy();
			server.waitFor(20, TimeUnit.SECONDS);
		}
	}

	@Test
	void theApplicationRunsFromTheAotInitializer() throws IOException {
		assertThat(Files.readString(log)).doesNotContain("AOT mode enabled but AOT processing hasn't happened")
			.contains("Started TodoApplication");
	}

	@Test
	void theListIsServedOverWebSocketAndSse() throws Exception {
		BlockingQueue<TodoChange> overWebSocket = new LinkedBlockingQueue<>();
		BlockingQueue<TodoChange> overSse = new LinkedBlockingQueue<>();
		try (WsemClient webSocket = WsemClient.builder("ws://localhost:" + port + "/wsem")
			.build()
			.on("todo", TodoChange.class, overWebSocket::add);
				WsemClient sse = WsemClient.builder("http://localhost:" + port + "/wsem")
					.transports(Transport.SSE)
					.build()
					.on("todo", TodoChange.class, overSse::add)) {
			assertThat(webSocket.connect().get(30, TimeUnit.SECONDS).transport()).isEqualTo(Transport.WEBSOCKET);
			assertThat(sse.connect().get(30, TimeUnit.SECONDS).transport()).isEqualTo(Transport.SSE);
			await().until(() -> sse.emit("todos:list", null, Todo[].class).get(10, TimeUnit.SECONDS) != null);

			Todo saved = webSocket.emit("todo", Map.of("text", "milk"), Todo.class).get(10, TimeUnit.SECONDS);
			Todo toggled = sse.emit("todo:toggle", Map.of("id", saved.id()), Todo.class).get(10, TimeUnit.SECONDS);

			assertThat(saved.text()).isEqualTo("milk");
			assertThat(toggled.done()).isTrue();
			for (BlockingQueue<TodoChange> changes : java.util.List.of(overWebSocket, overSse)) {
				assertThat(changes.poll(10, TimeUnit.SECONDS)).extracting(TodoChange::action, TodoChange::text)
					.containsExactly("added", "milk");
				assertThat(changes.poll(10, TimeUnit.SECONDS)).extracting(TodoChange::action, TodoChange::done)
					.containsExactly("updated", true);
			}
		}
		HttpResponse<String> script = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/wsem.js")).build(),
					HttpResponse.BodyHandlers.ofString());
		assertThat(script.statusCode()).isEqualTo(200);
		assertThat(script.body()).contains("WsEventMgr");
	}

	@Test
	void theBuildWroteTheNativeImageHints() throws IOException {
		String metadata = Files
			.readString(JAR.getParent()
				.resolve("spring-aot/main/resources/META-INF/native-image/io.github.wsem/wsem-sample-todo/"
						+ "reachability-metadata.json"))
			.replace("\\/", "/");
		assertThat(metadata).contains("\"io/github/wsem/web/wsem.js\"", "\"io/github/wsem/broker/redis/*.lua\"",
				"\"wsRemoteEndpoint\"", "\"socketWrapper\"", "\"io.github.wsem.sample.todo.TodoListeners$NewTodo\"",
				"\"io.github.wsem.sample.todo.TodoChange\"");
	}

}
