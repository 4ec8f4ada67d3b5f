package io.github.wsem.core;

import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.wsem.autoconfigure.DefaultProtocolSettings;
import io.github.wsem.broker.InMemoryBroker;
import io.github.wsem.codec.Jackson3Codec;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Joins and leaves of one client racing each other, as when the application joins a
 * client to a room while the client unregisters from it, and an id change racing the
 * disconnect.
 */
class MembershipRaceTests {

	private static final int ROUNDS = 50_000;

	private static final int CLIENTS = 10_000;

	private final ClientHub manager = ClientHub.create(new Jackson3Codec(JsonMapper.builder().build()),
			new InMemoryBroker(), DefaultProtocolSettings.get(), (event) -> {
			});

	@Test
	void keepsTheClientsRoomsAndTheRegistryInStepWhenJoinAndLeaveRace() throws Exception {
		TestSession client = new TestSession("a");
		this.manager.connect(client);
		CyclicBarrier barrier = new CyclicBarrier(2);
		AtomicInteger inconsistent = new AtomicInteger();
		Thread leaver = new Thread(() -> {
			for (int i = 0; i < ROUNDS; i++) {
				await(barrier);
				client.leave("room");
				await(barrier);
				await(barrier);
			}
		});
		leaver.start();
		for (int i = 0; i < ROUNDS && inconsistent.get() == 0; i++) {
			await(barrier);
			client.join("room");
			await(barrier);
			if (this.manager.roomSizes().containsKey("room") != client.rooms().contains("room")) {
				inconsistent.incrementAndGet();
			}
			await(barrier);
		}
		leaver.interrupt();
		leaver.join();
		assertThat(inconsistent).hasValue(0);
		this.manager.disconnect(client, 1000);
		assertThat(this.manager.roomSizes()).isEmpty();
	}

	@Test
	void leavesNoRoomBehindWhenAJoinRacesTheDisconnect() throws Exception {
		CyclicBarrier barrier = new CyclicBarrier(2);
		TestSession[] current = new TestSession[1];
		Thread disconnecter = new Thread(() -> {
			for (int i = 0; i < CLIENTS; i++) {
				await(barrier);
				this.manager.disconnect(current[0], 1000);
				await(barrier);
			}
		});
		disconnecter.start();
		for (int i = 0; i < CLIENTS; i++) {
			current[0] = new TestSession("client-" + i);
			this.manager.connect(current[0]);
			await(barrier);
			current[0].join("room");
			await(barrier);
		}
		disconnecter.join();
		assertThat(this.manager.roomSizes()).isEmpty();
		assertThat(this.manager.eventManager().clients().count()).isZero();
	}

	@Test
	void leavesNoClientOrRoomBehindWhenAnIdChangeRacesTheDisconnect() throws Exception {
		CyclicBarrier barrier = new CyclicBarrier(2);
		TestSession[] current = new TestSession[1];
		Thread disconnecter = new Thread(() -> {
			for (int i = 0; i < CLIENTS; i++) {
				await(barrier);
				this.manager.disconnect(current[0], 1000);
				await(barrier);
			}
		});
		disconnecter.start();
		for (int i = 0; i < CLIENTS; i++) {
			current[0] = new TestSession("renamed-" + i);
			this.manager.connect(current[0]);
			current[0].join("room");
			await(barrier);
			this.manager.dispatch(current[0], "{\"event\":\"wsem:id\",\"ack\":1}", (reply) -> {
			});
			await(barrier);
		}
		disconnecter.join();
		assertThat(this.manager.eventManager().clients().count()).isZero();
		assertThat(this.manager.roomSizes()).isEmpty();
	}

	private static void await(CyclicBarrier barrier) {
		try {
			barrier.await();
		}
		catch (InterruptedException | BrokenBarrierException ex) {
			Thread.currentThread().interrupt();
		}
	}

	static final class TestSession extends ClientSession {

		TestSession(String id) {
			super(id, Transport.WEBSOCKET, null, new HttpHeaders(), new ConcurrentHashMap<String, Object>());
		}

		@Override
		public boolean isOpen() {
			return true;
		}

		@Override
		public void sendText(String text) {
		}

		@Override
		protected void closeConnection(int code, String reason) {
		}

	}

}
