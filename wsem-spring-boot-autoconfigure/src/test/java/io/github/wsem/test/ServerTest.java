package io.github.wsem.test;

import io.github.wsem.core.EventManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Base of the tests that talk to a server started on a random port: the
 * {@link EventManager} of the server, and {@link TestClients} closed after each test.
 */
public abstract class ServerTest {

	@LocalServerPort
	protected int port;

	@Autowired
	protected EventManager eventManager;

	protected TestClients clients;

	@BeforeEach
	void openClients() {
		this.clients = new TestClients(this.port);
	}

	@AfterEach
	void closeClients() {
		this.clients.close();
	}

}
