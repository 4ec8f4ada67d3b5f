package io.github.wsem.bench.target.wsem;

import io.github.wsem.bench.target.MemoryEndpoint;
import io.github.wsem.core.EventManager;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Import;
import org.springframework.stereotype.Component;

/**
 * The wsem target: clients register for {@code bench}; a {@code bench} event from the
 * publisher is emitted to the room {@code bench}.
 */
@SpringBootApplication
@Import(MemoryEndpoint.class)
public class WsemTarget {

	@Component
	static class Rebroadcast {

		Rebroadcast(EventManager events) {
			events.on("bench", (data, client) -> {
				events.emit("bench", data);
				return null;
			});
		}

	}

}
