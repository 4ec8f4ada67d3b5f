package io.github.wsem.broker.redis;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EventIdTests {

	@Test
	void readsAnEntry() {
		assertThat(EventId.parse("ep.1700000000000-3")).isEqualTo(EventId.of(new StreamId("ep", "1700000000000-3")));
	}

	@Test
	void readsAnEntryWithTheEmitsOfANodeAhead() {
		String id = EventId.of("ep.1-0", "node_-A", 42);
		assertThat(EventId.parse(id)).isEqualTo(new EventId(new StreamId("ep", "1-0"), "node_-A", 42, false));
		assertThat(EventId.of("ep.1-0", "node_-A", 0)).isEqualTo("ep.1-0");
	}

	@Test
	void readsAnEmitDeliveredAheadOfTheStream() {
		String id = EventId.copy(new StreamId("ep", "1-0"), "A", 7);
		EventId parsed = EventId.parse(id);
		assertThat(parsed).isEqualTo(new EventId(new StreamId("ep", "1-0"), "A", 7, true));
		assertThat(parsed.numberOf("A")).isEqualTo(7);
		assertThat(parsed.numberOf("B")).isZero();
	}

	@Test
	void refusesWhatItDidNotWrite() {
		for (String id : new String[] { "", "ep", ".1-0", "ep.1", "ep.1-0.A", "ep.1-0.A.x", "ep.1-0..3", "ep.1-0.A.3.d",
				"ep.1-0.A.3.c.c", "ep.1-0.A.-3" }) {
			assertThat(EventId.parse(id)).as(id).isNull();
		}
	}

}
