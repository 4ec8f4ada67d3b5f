package io.github.wsem.broker.redis;

/**
 * The names of wsem's Redis keys and channels under one prefix.
 *
 * <p>
 * Names carry a Redis Cluster hash tag (the part in braces), so that on Redis Cluster
 * every key and channel of one room (its members, its stream, its epoch, its channel)
 * lives in one hash slot, and so do those of one node: a script or a multi-key command
 * then runs on one shard, and a room's channel is a sharded channel of the shard that
 * keeps the room's stream. Every other key is read and written by commands on that key
 * alone. The same names serve a standalone Redis.
 *
 * <p>
 * A room named with a {@code '}'} gets the tag up to it, the same for all its keys.
 */
record RedisKeys(String prefix) {

	static final String SEPARATOR = "\n";

	RedisKeys {
		if (prefix.indexOf('{') >= 0 || prefix.indexOf('}') >= 0) {
			throw new IllegalArgumentException("wsem.cluster.prefix must not contain '{' or '}' (Redis Cluster "
					+ "hash tags), was '" + prefix + "'");
		}
	}

	/**
	 * The sorted set of live nodes by heartbeat time, one key for the cluster.
	 */
	String nodes() {
		return this.prefix + ":nodes";
	}

	String nodeAlive(String node) {
		return nodeTag(node) + ":alive";
	}

	String nodeClients(String node) {
		return nodeTag(node) + ":clients";
	}

	String nodeMemberships(String node) {
		return nodeTag(node) + ":members";
	}

	/**
	 * The set of nodes that hold a client id, one key per client.
	 */
	String client(String clientId) {
		return this.prefix + ":{client:" + clientId + "}";
	}

	/**
	 * The set of a room's members, as {@code node SEPARATOR client}.
	 */
	String room(String room) {
		return roomTag(room) + ":members";
	}

	String history(String room) {
		return roomTag(room) + ":history";
	}

	String historyOrigins(String room) {
		return roomTag(room) + ":origins";
	}

	String nodeNumbers() {
		return this.prefix + ":node-numbers";
	}

	String historyEpoch(String room) {
		return roomTag(room) + ":epoch";
	}

	String roomChannel(String room) {
		return roomTag(room) + ":ch";
	}

	/**
	 * Return the room whose channel a channel is.
	 * @return the room, or {@code null} if the channel is no room's
	 */
	@org.jspecify.annotations.Nullable
	String roomOfChannel(String channel) {
		String start = this.prefix + ":{room:";
		String end = "}:ch";
		if (channel.length() < start.length() + end.length() || !channel.startsWith(start) || !channel.endsWith(end)
				|| channel.equals(roomChannelPattern())) {
			return null;
		}
		return channel.substring(start.length(), channel.length() - end.length());
	}

	/**
	 * The pattern of every room's channel (Redis glob patterns take braces literally).
	 */
	String roomChannelPattern() {
		return this.prefix + ":{room:*}:ch";
	}

	String broadcastChannel() {
		return this.prefix + ":{all}:ch";
	}

	String nodeChannel(String node) {
		return nodeTag(node) + ":ch";
	}

	String answerChannel() {
		return this.prefix + ":{answers}:ch";
	}

	String registrationChannel() {
		return this.prefix + ":{registrations}:ch";
	}

	private String roomTag(String room) {
		return this.prefix + ":{room:" + room + "}";
	}

	private String nodeTag(String node) {
		return this.prefix + ":{node:" + node + "}";
	}

	static String pair(String first, String second) {
		return first + SEPARATOR + second;
	}

	static String second(String pair) {
		return pair.substring(pair.indexOf(SEPARATOR) + 1);
	}

	static String first(String pair) {
		return pair.substring(0, pair.indexOf(SEPARATOR));
	}

}
