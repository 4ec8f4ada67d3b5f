package io.github.wsem.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import io.github.wsem.test.ClusterNode;
import io.github.wsem.test.RedisServer;
import io.github.wsem.test.TestClient;
import io.github.wsem.test.TestClients;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Crossing direct requests between three nodes, many at once: every client of every node
 * sends a few hundred {@code wsem:send} requests with an ack to clients of the other
 * nodes, with many in flight, while it answers the requests it gets. Every ack must carry
 * the answer of the recipient the request went to, to that very request: no
 * {@code timeout}, no answer of another request.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClusterDirectMessagesIntegrationTests {

	private static final int CLIENTS_PER_NODE = 3;

	private static final int REQUESTS = 200;

	private static final int IN_FLIGHT = 16;

	private RedisServer redis;

	private final List<ClusterNode> nodes = new ArrayList<>();

	private final List<TestClients> clients = new ArrayList<>();

	@BeforeAll
	void startCluster() {
		this.redis = RedisServer.start();
		for (int i = 0; i < 3; i++) {
			ClusterNode node = new ClusterNode(this.redis.port(), "--wsem.answer-timeout=30s");
			this.nodes.add(node);
			this.clients.add(new TestClients(node.port()));
		}
	}

	@AfterAll
	void stopCluster() {
		this.clients.forEach(TestClients::close);
		this.nodes.forEach(ClusterNode::close);
		this.redis.close();
	}

	@Test
	void everyAnswerReachesItsOwnRequest() throws Exception {
		List<Peer> peers = new ArrayList<>();
		for (int node = 0; node < this.nodes.size(); node++) {
			for (int i = 0; i < CLIENTS_PER_NODE; i++) {
				peers.add(new Peer(node, this.clients.get(node).connect()));
			}
		}
		CountDownLatch finished = new CountDownLatch(peers.size());
		List<Thread> threads = new ArrayList<>();
		for (Peer peer : peers) {
			List<Peer> others = peers.stream().filter((other) -> other.node != peer.node).toList();
			Thread thread = new Thread(() -> peer.run(others, finished), "direct-peer-" + peer.client.id());
			threads.add(thread);
			thread.start();
		}
		boolean allAnswered = finished.await(60, TimeUnit.SECONDS);
		for (Thread thread : threads) {
			thread.join(10_000);
		}
		List<String> problems = new ArrayList<>();
		peers.forEach((peer) -> problems.addAll(peer.problems));
		assertThat(problems).as("wrong or missing answers").isEmpty();
		assertThat(allAnswered).as("every peer got an answer to each of its requests").isTrue();
		for (Peer peer : peers) {
			assertThat(peer.answered).as("answers %s got", peer.client.id()).isEqualTo(REQUESTS);
		}
	}

	/**
	 * A client that sends requests to clients of other nodes and answers the requests it
	 * gets with their own text.
	 */
	private static final class Peer {

		private final int node;

		private final TestClient client;

		private final Map<Long, Request> inFlight = new HashMap<>();

		private final ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();

		private volatile int answered;

		private volatile boolean stop;

		Peer(int node, TestClient client) {
			this.node = node;
			this.client = client;
		}

		void run(List<Peer> others, CountDownLatch finished) {
			long sent = 0;
			boolean done = false;
			long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
			while (!this.stop && System.nanoTime() < deadline) {
				while (sent < REQUESTS && this.inFlight.size() < IN_FLIGHT) {
					sent++;
					Peer to = others.get(ThreadLocalRandom.current().nextInt(others.size()));
					String text = this.client.id() + "#" + sent;
					this.inFlight.put(sent, new Request(to.client.id(), text));
					this.client.send("wsem:send", Map.of("to", to.client.id(), "message", text), sent);
				}
				List<String> frames = this.client.pending();
				for (String frame : frames) {
					handle(TestClient.parse(frame));
				}
				if (!done && this.answered + this.problems.size() >= REQUESTS) {
					done = true;
					finished.countDown();
					this.stop = finished.getCount() == 0;
				}
				if (done) {
					this.stop = finished.getCount() == 0;
				}
				if (frames.isEmpty()) {
					sleep();
				}
			}
			if (!done) {
				finished.countDown();
			}
		}

		private void handle(JsonNode frame) {
			String event = frame.path("event").asString();
			JsonNode data = frame.path("data");
			if (event.equals("wsem:message")) {
				this.client.send("wsem:answer", Map.of("reply", data.path("reply").asLong(), "message",
						"answer of " + this.client.id() + " to " + data.path("message").asString()), null);
				return;
			}
			Request request = this.inFlight.remove(frame.path("ack").asLong());
			if (request == null) {
				this.problems.add(this.client.id() + " got a frame for no request: " + frame);
			}
			else if (!event.equals("wsem:ack")) {
				this.problems
					.add(this.client.id() + " request " + request.text() + " to " + request.to() + ": " + frame);
			}
			else if (!data.path("from").asString().equals(request.to())
					|| !data.path("message").asString().equals("answer of " + request.to() + " to " + request.text())) {
				this.problems.add(this.client.id() + " request " + request.text() + " to " + request.to()
						+ " got the wrong answer: " + frame);
			}
			else {
				this.answered++;
			}
		}

		private static void sleep() {
			try {
				Thread.sleep(1);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

	}

	private record Request(String to, String text) {
	}

}
