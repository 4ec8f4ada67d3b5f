package io.github.wsem.broker.redis;

/**
 * The names of wsem's Redis keys and channels under one prefix.
 */
record RedisKeys(String prefix) {

	static final String SEPARATOR = "\n";

	String nodes() {
		return this.prefix + ":nodes";
	}

	String nodeAlive(String node) {
		return this.prefix + ":node:" + node + ":alive";
	}

	String nodeClients(String node) {
		return this.prefix + ":node:" + node + ":clients";
	}

	String nodeMemberships(String node) {
		return this.prefix + ":node:" + node + ":members";
	}

	String client(String clientId) {
		return this.prefix + ":client:" + clientId;
	}

	String room(String room) {
		return this.prefix + ":room:" + room;
	}

	String history(String room) {
		return this.prefix + ":history:" + room;
	}

	String historyOrigins(String room) {
		return this.prefix + ":history-origins:" + room;
	}

	String nodeNumbers() {
		return this.prefix + ":node-numbers";
	}

	String historyEpoch() {
		return this.prefix + ":history-epoch";
	}

	String roomChannel(String room) {
		return this.prefix + ":ch:room:" + room;
	}

	String roomChannelPattern() {
		return this.prefix + ":ch:room:*";
	}

	String broadcastChannel() {
		return this.prefix + ":ch:all";
	}

	String nodeChannel(String node) {
		return this.prefix + ":ch:node:" + node;
	}

	String answerChannel() {
		return this.prefix + ":ch:answer";
	}

	String registrationChannel() {
		return this.prefix + ":ch:registrations";
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
