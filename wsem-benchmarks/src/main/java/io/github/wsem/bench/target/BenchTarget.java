package io.github.wsem.bench.target;

import java.util.LinkedHashMap;
import java.util.Map;

import io.github.wsem.bench.target.raw.RawTarget;
import io.github.wsem.bench.target.stomp.StompTarget;
import io.github.wsem.bench.target.wsem.WsemTarget;

import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts one JVM benchmark target: {@code wsem}, {@code raw} or {@code stomp}, on a port,
 * with the same server settings for all three; or {@code wsem-cluster}, one wsem node of
 * a cluster on one Redis ({@code wsem.cluster.type=redis}), or
 * {@code wsem-redis-cluster}, one wsem node of a cluster on a Redis Cluster (sharded
 * pub/sub).
 */
public final class BenchTarget {

	private static final String REDIS_AUTO_CONFIGURATIONS = String.join(",",
			"org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration",
			"org.springframework.boot.data.redis.autoconfigure.DataRedisReactiveAutoConfiguration",
			"org.springframework.boot.data.redis.autoconfigure.DataRedisRepositoriesAutoConfiguration",
			"org.springframework.boot.data.redis.autoconfigure.observation.LettuceObservationAutoConfiguration");

	private BenchTarget() {
	}

	public static void main(String[] args) {
		if (args.length < 2 || (args[0].startsWith("wsem-") != (args.length == 3))) {
			System.err.println("usage: BenchTarget wsem|raw|stomp PORT | BenchTarget wsem-cluster PORT REDIS_PORT"
					+ " | BenchTarget wsem-redis-cluster PORT HOST:PORT,HOST:PORT,...");
			System.exit(2);
		}
		if (args[0].equals("wsem-redis-cluster")) {
			start(args[0], Integer.parseInt(args[1]), 0, args[2]);
		}
		else {
			start(args[0], Integer.parseInt(args[1]), (args.length == 3) ? Integer.parseInt(args[2]) : 0);
		}
	}

	/**
	 * Start a target.
	 * @param name {@code wsem}, {@code raw} or {@code stomp}
	 * @param port the port, 0 for a free one
	 * @return the running application
	 */
	public static ConfigurableApplicationContext start(String name, int port) {
		return start(name, port, 0);
	}

	/**
	 * Start a target.
	 * @param name {@code wsem}, {@code raw}, {@code stomp} or {@code wsem-cluster}
	 * @param port the port, 0 for a free one
	 * @param redisPort the port of Redis on 127.0.0.1, for {@code wsem-cluster}
	 * @return the running application
	 */
	public static ConfigurableApplicationContext start(String name, int port, int redisPort) {
		return start(name, port, redisPort, "");
	}

	/**
	 * Start a target.
	 * @param name {@code wsem}, {@code raw}, {@code stomp}, {@code wsem-cluster} or
	 * {@code wsem-redis-cluster}
	 * @param port the port, 0 for a free one
	 * @param redisPort the port of Redis on 127.0.0.1, for {@code wsem-cluster}
	 * @param clusterNodes the {@code host:port} of Redis Cluster nodes, separated by
	 * commas, for {@code wsem-redis-cluster}
	 * @return the running application
	 */
	public static ConfigurableApplicationContext start(String name, int port, int redisPort, String clusterNodes) {
		Class<?> source = switch (name) {
			case "wsem", "wsem-cluster", "wsem-redis-cluster" -> WsemTarget.class;
			case "raw" -> RawTarget.class;
			case "stomp" -> StompTarget.class;
			default -> throw new IllegalArgumentException("Unknown target " + name);
		};
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("server.port", port);
		properties.put("server.address", "127.0.0.1");
		// 10,000 clients and more: Tomcat accepts 8,192 connections by default
		properties.put("server.tomcat.max-connections", 20000);
		properties.put("server.tomcat.accept-count", 1000);
		properties.put("spring.main.banner-mode", "off");
		properties.put("logging.level.root", "WARN");
		properties.put("wsem.enabled", name.startsWith("wsem"));
		if (name.equals("wsem-cluster")) {
			properties.put("wsem.cluster.type", "redis");
			properties.put("spring.data.redis.host", "127.0.0.1");
			properties.put("spring.data.redis.port", redisPort);
		}
		else if (name.equals("wsem-redis-cluster")) {
			properties.put("wsem.cluster.type", "redis");
			properties.put("spring.data.redis.cluster.nodes", clusterNodes);
		}
		else {
			// the single-node targets start no Redis client at all
			properties.put("spring.autoconfigure.exclude", REDIS_AUTO_CONFIGURATIONS);
		}
		SpringApplication application = new SpringApplication(source);
		application.setBannerMode(Banner.Mode.OFF);
		application.setDefaultProperties(properties);
		ConfigurableApplicationContext context = application.run();
		System.out.println("READY " + name);
		return context;
	}

}
