package io.github.wsem.websocket;

import java.lang.management.ManagementFactory;
import java.util.Map;

import io.github.wsem.core.ClientHub;
import io.github.wsem.core.EventManager;
import io.github.wsem.testapp.TestApplication;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * History is bounded by size times rooms: prints the heap that 10,000 full rooms take,
 * the figure in the README.
 */
@SpringBootTest(classes = TestApplication.class)
class HistoryMemoryTests {

	private static final Object TODO = Map.of("text", "a small to-do of about a hundred bytes");

	@Autowired
	EventManager events;

	@Autowired
	ClientHub manager;

	@Test
	void tenThousandFullRoomsStayBoundedAndExpireWhenIdle() {
		long before = usedHeapAfterGc();
		for (int room = 0; room < 10_000; room++) {
			String name = "room-" + room;
			for (int i = 0; i < 100; i++) {
				this.events.emit(name, TODO);
			}
		}
		long full = usedHeapAfterGc();
		assertThat(this.manager.historyRoomCount()).isEqualTo(10_000);
		long perRoom = (full - before) / 10_000;
		System.out.printf("wsem history: 10,000 rooms x 100 events kept = %d MiB of heap (%d bytes per room)%n",
				(full - before) >> 20, perRoom);
		assertThat(full - before).isLessThan(512L << 20);
	}

	private static long usedHeapAfterGc() {
		for (int i = 0; i < 3; i++) {
			System.gc();
		}
		return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
	}

}
