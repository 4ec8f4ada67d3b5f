package io.github.wsem.core;

import java.time.Duration;

import io.github.wsem.broker.InMemoryBroker;
import io.github.wsem.codec.Jackson3Codec;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class RoomHistoriesTests {

	private final JsonCodec codec = new Jackson3Codec(JsonMapper.builder().build());

	@Test
	void keepsAtMostSizeEventsPerRoom() {
		RoomHistories histories = new RoomHistories(3, Duration.ofMinutes(1), this.codec, new InMemoryBroker());
		RoomHistories.RoomHistory room = histories.room("r");
		String first = append(room, "1");
		for (int i = 2; i <= 5; i++) {
			append(room, String.valueOf(i));
		}
		RoomHistories.Replay replay = room.replay(room.sequenceOf(first));
		assertThat(replay.events()).extracting(OutboundEvent::dataJson).containsExactly("3", "4", "5");
		assertThat(replay.incomplete()).as("event 2 is gone").isTrue();
	}

	@Test
	void replayFromTheNewestEventIsCompleteAndEmpty() {
		RoomHistories histories = new RoomHistories(3, Duration.ofMinutes(1), this.codec, new InMemoryBroker());
		RoomHistories.RoomHistory room = histories.room("r");
		append(room, "1");
		String last = append(room, "2");
		RoomHistories.Replay replay = room.replay(room.sequenceOf(last));
		assertThat(replay.events()).isEmpty();
		assertThat(replay.incomplete()).isFalse();
	}

	@Test
	void idsOfAnotherHistoryAreNotMistakenForThisOne() {
		RoomHistories histories = new RoomHistories(3, Duration.ofMinutes(1), this.codec, new InMemoryBroker());
		RoomHistories other = new RoomHistories(3, Duration.ofMinutes(1), this.codec, new InMemoryBroker());
		String foreign = append(other.room("r"), "x");
		RoomHistories.RoomHistory room = histories.room("r");
		append(room, "1");
		assertThat(room.sequenceOf(foreign)).isEqualTo(-1);
		assertThat(room.sequenceOf("garbage")).isEqualTo(-1);
		assertThat(room.replay(-1).incomplete()).isTrue();
	}

	@Test
	void idleRoomsAreForgottenAfterTheTtl() {
		RoomHistories histories = new RoomHistories(3, Duration.ofMillis(100), this.codec, new InMemoryBroker());
		for (int i = 0; i < 100; i++) {
			append(histories.room("idle-" + i), "x");
		}
		assertThat(histories.roomCount()).isEqualTo(100);
		await().atMost(Duration.ofSeconds(5)).until(() -> {
			histories.room("active");
			return histories.roomCount() == 1;
		});
	}

	@Test
	void eventsOlderThanTheTtlAreNotReplayed() {
		RoomHistories histories = new RoomHistories(10, Duration.ofMillis(100), this.codec, new InMemoryBroker());
		RoomHistories.RoomHistory room = histories.room("r");
		String before = room.currentId();
		append(room, "old");
		await().atMost(Duration.ofSeconds(5)).until(() -> room.replay(room.sequenceOf(before)).events().isEmpty());
	}

	private String append(RoomHistories.RoomHistory room, String dataJson) {
		room.lock.lock();
		try {
			String id = room.nextId();
			room.append(OutboundEvent.of(this.codec, "e", dataJson, id, "r"));
			return id;
		}
		finally {
			room.lock.unlock();
		}
	}

}
