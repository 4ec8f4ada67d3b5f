package io.github.wsem.broker.redis;

import org.jspecify.annotations.Nullable;

/**
 * The id of an event a node delivered while some of its own emits to the room had reached
 * its clients ahead of the room's stream (Redis answered late): the client has every
 * entry up to {@code entry}, and also the emits of {@code node} numbered up to
 * {@code number}, wherever they are in the stream. A replay after it skips those. Written
 * {@code <epoch>.<entry>.<node>.<number>}; {@code .c} is appended when the event is the
 * node's emit {@code number} itself, delivered after {@code entry} before Redis kept it.
 * Without a node it is a plain {@link StreamId}, {@code <epoch>.<entry>}.
 *
 * @param entry the last stream entry the client has
 * @param node the node whose emits the client has beyond it, or {@code null}
 * @param number the highest of them
 * @param copy whether the event is that emit, delivered ahead of the stream
 */
record EventId(StreamId entry, @Nullable String node, long number, boolean copy) {

	private static final String COPY = "c";

	static EventId of(StreamId entry) {
		return new EventId(entry, null, 0, false);
	}

	/**
	 * Read an event id.
	 * @return the id, or {@code null} if it is not one of this history
	 */
	static @Nullable EventId parse(@Nullable String id) {
		if (id == null) {
			return null;
		}
		String[] parts = id.split("\\.", -1);
		if (parts.length < 2 || parts[0].isEmpty() || !StreamId.isStreamId(parts[1])) {
			return null;
		}
		StreamId entry = new StreamId(parts[0], parts[1]);
		if (parts.length == 2) {
			return of(entry);
		}
		if ((parts.length != 4 && !(parts.length == 5 && COPY.equals(parts[4]))) || parts[2].isEmpty()
				|| !isNumber(parts[3])) {
			return null;
		}
		return new EventId(entry, parts[2], Long.parseLong(parts[3]), parts.length == 5);
	}

	/**
	 * Return the id of an entry delivered while the emits of {@code node} up to
	 * {@code number} are ahead of the stream ({@code number} 0: none).
	 */
	static String of(String entry, String node, long number) {
		return (number > 0) ? entry + "." + node + "." + number : entry;
	}

	/**
	 * Return the id of emit {@code number} of {@code node}, delivered after {@code entry}
	 * before Redis kept it.
	 */
	static String copy(StreamId entry, String node, long number) {
		return entry + "." + node + "." + number + "." + COPY;
	}

	/**
	 * Return the highest number of {@code node}'s emits the client has beyond the entry.
	 */
	long numberOf(String node) {
		return node.equals(this.node) ? this.number : 0;
	}

	private static boolean isNumber(String text) {
		if (text.isEmpty() || text.length() > 18) {
			return false;
		}
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c < '0' || c > '9') {
				return false;
			}
		}
		return true;
	}

}
