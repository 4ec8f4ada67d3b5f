package io.github.wsem.test;

import java.util.List;

/**
 * A Redis that the nodes of a cluster test share: one {@link RedisServer} or a
 * {@link RedisCluster}.
 */
public interface RedisEndpoint {

	/**
	 * Return the {@code --spring.data.redis.*} arguments that connect a node to it.
	 * @return the arguments
	 */
	List<String> springProperties();

	/**
	 * Kill every server process at once, as a crash would.
	 */
	void kill();

	/**
	 * Start the killed processes again on the same ports, without data, and wait until
	 * they serve.
	 */
	void restart();

}
