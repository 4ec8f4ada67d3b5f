package io.github.wsem.cluster;

import java.util.ArrayList;
import java.util.List;

import io.github.wsem.clustertest.ClusterTestApplication;
import io.github.wsem.core.EventManager;
import io.github.wsem.test.RedisEndpoint;
import io.github.wsem.test.RedisServer;
import io.github.wsem.test.TestClient;
import io.github.wsem.test.TestClients;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The ordering promise across nodes: events of one room emitted from one node reach the
 * clients of another node in emit order (PROTOCOL.md sections 5 and 8).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClusterOrderIntegrationTests {

	private static final int EVENTS = 2_000;

	private RedisEndpoint redis;

	private final List<ConfigurableApplicationContext> nodes = new ArrayList<>();

	private TestClients clients;

	@BeforeAll
	void startCluster() {
		this.redis = startRedis();
		for (int i = 0; i < 2; i++) {
			List<String> args = new ArrayList<>(
					List.of("--server.port=0", "--wsem.cluster.type=redis", "--spring.main.banner-mode=off"));
			args.addAll(this.redis.springProperties());
			this.nodes.add(new SpringApplicationBuilder(ClusterTestApplication.class).run(args.toArray(String[]::new)));
		}
	}

	@AfterAll
	void stopCluster() {
		if (this.clients != null) {
			this.clients.close();
		}
		this.nodes.forEach(ConfigurableApplicationContext::close);
		stopRedis(this.redis);
	}

	RedisEndpoint startRedis() {
		return RedisServer.start();
	}

	void stopRedis(RedisEndpoint redis) {
		((RedisServer) redis).close();
	}

	@Test
	void eventsEmittedOnOneNodeReachAClientOfAnotherNodeInEmitOrder() {
		this.clients = new TestClients(port(this.nodes.get(0)));
		TestClient client = this.clients.connect();
		client.register("ordered");
		EventManager emitter = this.nodes.get(1).getBean(EventManager.class);
		await().until(() -> emitter.hasClientRegistration("ordered"));
		for (int i = 0; i < EVENTS; i++) {
			emitter.emit("ordered", i);
		}
		List<Integer> received = new ArrayList<>(EVENTS);
		for (int i = 0; i < EVENTS; i++) {
			received.add(client.next().path("data").asInt());
		}
		assertThat(received).isSorted().hasSize(EVENTS);
	}

	private static int port(ConfigurableApplicationContext node) {
		return Integer.parseInt(node.getEnvironment().getProperty("local.server.port", "0"));
	}

}
