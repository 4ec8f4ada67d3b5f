package io.github.wsem.bench.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.github.wsem.bench.target.BenchTarget;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The benchmark's own smoke test, part of the normal build: the wsem target and the load
 * generator in one tiny fan-out (50 subscribers, 100 messages) that must run clean. It
 * measures nothing and asserts no timing.
 */
class SmokeScenarioTests {

	private static final int SUBSCRIBERS = 50;

	private static final int MESSAGES = 100;

	ConfigurableApplicationContext target;

	LoadGenerator generator;

	@BeforeEach
	void start() {
		this.target = BenchTarget.start("wsem", 0);
		int port = ((WebServerApplicationContext) this.target).getWebServer().getPort();
		this.generator = new LoadGenerator("wsem", port, 0);
	}

	@AfterEach
	void stop() {
		this.generator.close();
		this.target.close();
	}

	@Test
	void everySubscriberGetsEveryMessageOnceAndInOrder() throws Exception {
		this.generator.connectPublisher();
		List<Conn> subscribers = new ArrayList<>();
		Results.Storm storm = this.generator.storm(SUBSCRIBERS, subscribers);
		assertThat(storm.ready()).isEqualTo(SUBSCRIBERS);
		assertThat(subscribers).allMatch(Conn::isProbed);

		Results.Fanout fanout = this.generator.fanout("smoke", subscribers, 0, 8, MESSAGES, Duration.ZERO,
				Duration.ofMinutes(1));

		assertThat(fanout.published()).isEqualTo(MESSAGES);
		assertThat(fanout.lost()).isZero();
		assertThat(fanout.reordered()).isZero();
		assertThat(fanout.duplicated()).isZero();
		assertThat(fanout.closed()).isZero();
		assertThat(this.generator.heapAfterGc()).isPositive();
		this.generator.close(subscribers);
	}

}
