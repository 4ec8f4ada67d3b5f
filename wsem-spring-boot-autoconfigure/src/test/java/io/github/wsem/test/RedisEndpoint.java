package io.github.wsem.test;

import java.time.Duration;
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

	/**
	 * Hold the write commands that the server holding a key gets, for a while, as a
	 * stalled server would ({@code CLIENT PAUSE WRITE}): reads go on.
	 * @param key the key
	 * @param duration how long
	 */
	void pauseWrites(String key, Duration duration);

	/**
	 * Return whether two keys or channels are on different servers.
	 * @param key one key
	 * @param other the other
	 * @return whether they are apart
	 */
	boolean apart(String key, String other);

}
