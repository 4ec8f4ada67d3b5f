package io.github.wsem.sample.todo;

import java.time.Duration;
import java.util.List;

import io.github.wsem.test.RedisServer;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two servers of the sample on one real Redis, started as the README says
 * ({@code --spring.profiles.active=cluster}): a page on either sees what is done on the
 * other, and a page opened later on either gets the shared list.
 */
class ClusterBrowserTests {

	static final Duration PROPAGATION = Duration.ofSeconds(2);

	@Test
	void pagesOnTwoServersShareOneList() {
		try (RedisServer redis = RedisServer.start();
				ConfigurableApplicationContext first = start(redis);
				ConfigurableApplicationContext second = start(redis);
				Browser aliceBrowser = Browser.start();
				Browser bobBrowser = Browser.start()) {
			TodoPage alice = new TodoPage(aliceBrowser.driver).open(baseUrl(first));
			TodoPage bob = new TodoPage(bobBrowser.driver).open(baseUrl(second));

			alice.add("Written on the first server");
			await().atMost(PROPAGATION).until(bob::texts, List.of("Written on the first server")::equals);
			bob.add("Written on the second server");
			bob.toggle("Written on the first server");

			await().atMost(PROPAGATION)
				.until(alice::texts, List.of("Written on the first server", "Written on the second server")::equals);
			await().atMost(PROPAGATION).until(alice::doneTexts, List.of("Written on the first server")::equals);
			await().atMost(PROPAGATION)
				.until(alice::activity, (activity) -> activity.contains("“Written on the second server” was added"));

			alice.open(baseUrl(second));
			await().atMost(PROPAGATION)
				.until(alice::texts, List.of("Written on the first server", "Written on the second server")::equals);
			assertThat(alice.count()).isEqualTo("1 item left");
		}
	}

	private static ConfigurableApplicationContext start(RedisServer redis) {
		return new SpringApplicationBuilder(TodoApplication.class).main(TodoApplication.class)
			.run("--spring.profiles.active=cluster", "--server.port=0", "--spring.data.redis.port=" + redis.port());
	}

	private static String baseUrl(ConfigurableApplicationContext context) {
		return "http://localhost:" + context.getEnvironment().getProperty("local.server.port");
	}

}
