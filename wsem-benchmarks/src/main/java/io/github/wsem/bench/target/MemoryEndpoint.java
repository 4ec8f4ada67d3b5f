package io.github.wsem.bench.target;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;

import io.github.wsem.core.ClientHub;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /bench/memory}: collects garbage and answers the heap in use, so that the
 * load generator reads every target's heap after GC the same way. On the wsem target it
 * also answers the registry's connected clients and room memberships.
 */
@RestController
public class MemoryEndpoint {

	private final ObjectProvider<ClientHub> events;

	public MemoryEndpoint(ObjectProvider<ClientHub> events) {
		this.events = events;
	}

	@GetMapping(path = "/bench/memory", produces = "application/json")
	public String memory() throws InterruptedException {
		for (int i = 0; i < 2; i++) {
			System.gc();
			Thread.sleep(200);
		}
		MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
		StringBuilder json = new StringBuilder("{\"heapUsed\":").append(heap.getUsed())
			.append(",\"heapCommitted\":")
			.append(heap.getCommitted());
		ClientHub events = this.events.getIfAvailable();
		if (events != null) {
			json.append(",\"clients\":").append(events.eventManager().clients().count());
			json.append(",\"roomMembers\":")
				.append(events.roomSizes().values().stream().mapToInt(Integer::intValue).sum());
			json.append(",\"rooms\":").append(events.roomSizes().size());
		}
		return json.append('}').toString();
	}

}
