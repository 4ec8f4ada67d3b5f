package io.github.wsem.bench.target;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /bench/memory}: collects garbage and answers the heap in use, so that the
 * load generator reads every target's heap after GC the same way.
 */
@RestController
public class MemoryEndpoint {

	@GetMapping(path = "/bench/memory", produces = "application/json")
	public String memory() throws InterruptedException {
		for (int i = 0; i < 2; i++) {
			System.gc();
			Thread.sleep(200);
		}
		MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
		return "{\"heapUsed\":" + heap.getUsed() + ",\"heapCommitted\":" + heap.getCommitted() + "}";
	}

}
