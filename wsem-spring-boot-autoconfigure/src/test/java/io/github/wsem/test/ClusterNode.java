package io.github.wsem.test;

import java.util.ArrayList;
import java.util.List;

import io.github.wsem.clustertest.ClusterTestApplication;
import io.github.wsem.core.EventManager;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * One node of a cluster test: the cluster test application on a random port, joined to a
 * real Redis or Redis Cluster.
 */
public final class ClusterNode implements AutoCloseable {

	private final ConfigurableApplicationContext context;

	private final EventManager events;

	/**
	 * Start a node.
	 * @param redisPort the port of the Redis server
	 * @param properties more {@code --name=value} arguments
	 */
	public ClusterNode(int redisPort, String... properties) {
		this(List.of("--spring.data.redis.host=127.0.0.1", "--spring.data.redis.port=" + redisPort,
				List.of(properties).stream().anyMatch((property) -> property.startsWith("--spring.data.redis.timeout="))
						? "--wsem-test.redis-timeout=given" : "--spring.data.redis.timeout=1s"),
				properties);
	}

	/**
	 * Start a node.
	 * @param redis the Redis server or cluster
	 * @param properties more {@code --name=value} arguments
	 */
	public ClusterNode(RedisEndpoint redis, String... properties) {
		this(redis.springProperties(), properties);
	}

	private ClusterNode(List<String> redis, String... properties) {
		List<String> args = new ArrayList<>();
		for (String setting : List.of("--server.port=0", "--wsem.cluster.type=redis", "--wsem.cluster.node-timeout=3s",
				"--wsem.cluster.operation-timeout=1s", "--spring.main.banner-mode=off")) {
			String name = setting.substring(0, setting.indexOf('=') + 1);
			if (List.of(properties).stream().noneMatch((property) -> property.startsWith(name))) {
				args.add(setting);
			}
		}
		args.addAll(redis);
		args.addAll(List.of(properties));
		this.context = new SpringApplicationBuilder(ClusterTestApplication.class).run(args.toArray(String[]::new));
		this.events = this.context.getBean(EventManager.class);
	}

	/**
	 * Return the node's event manager.
	 * @return the event manager
	 */
	public EventManager events() {
		return this.events;
	}

	/**
	 * Return the node's HTTP port.
	 * @return the port
	 */
	public int port() {
		return Integer.parseInt(this.context.getEnvironment().getProperty("local.server.port", "0"));
	}

	/**
	 * Return a template on the node's Redis, to look at or change wsem's keys.
	 * @return the template
	 */
	public StringRedisTemplate redis() {
		return this.context.getBean(StringRedisTemplate.class);
	}

	/**
	 * Return the node's application context.
	 * @return the context
	 */
	public ConfigurableApplicationContext context() {
		return this.context;
	}

	@Override
	public void close() {
		this.context.close();
	}

}
