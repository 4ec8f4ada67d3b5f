package io.github.wsem.websocket;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import io.github.wsem.core.EventManager;
import io.github.wsem.test.TestClient;
import io.github.wsem.test.TestClients;
import io.github.wsem.testapp.TestApplication;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Application code that sends to every connected client while clients connect.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
class ConnectRaceIntegrationTests {

	private static final int CLIENTS = 300;

	@LocalServerPort
	int port;

	@Autowired
	EventManager eventManager;

	TestClients clients;

	@BeforeEach
	void openClients() {
		this.clients = new TestClients(this.port);
	}

	@AfterEach
	void closeClients() {
		this.clients.close();
	}

	@Test
	void sendsTheWelcomeFirstWhileTheApplicationSendsToEveryClient() throws Exception {
		AtomicBoolean running = new AtomicBoolean(true);
		AtomicReference<Throwable> failure = new AtomicReference<>();
		Thread broadcaster = new Thread(() -> {
			while (running.get()) {
				try {
					this.eventManager.clients().forEach((client) -> client.send("tick", null));
				}
				catch (Throwable ex) {
					failure.compareAndSet(null, ex);
				}
			}
		});
		broadcaster.start();
		try {
			List<CompletableFuture<TestClient>> connecting = new ArrayList<>();
			for (int i = 0; i < CLIENTS; i++) {
				connecting.add(this.clients.builder().connectAsync());
			}
			for (CompletableFuture<TestClient> future : connecting) {
				this.clients.track(future.join()).readWelcome();
			}
		}
		finally {
			running.set(false);
			broadcaster.join();
		}
		assertThat(failure.get()).isNull();
	}

}
