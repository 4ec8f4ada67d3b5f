package io.github.wsem.broker.redis;

import org.jspecify.annotations.Nullable;

/**
 * An event id of the cluster's history: the epoch of the Redis data and the entry's
 * stream id ({@code <milliseconds>-<sequence>}).
 *
 * @param epoch the epoch
 * @param streamId the stream id
 */
record StreamId(String epoch, String streamId) {

	/**
	 * Read an event id.
	 * @return the id, or {@code null} if it is not one of this history
	 */
	static @Nullable StreamId parse(@Nullable String id) {
		if (id == null) {
			return null;
		}
		int dot = id.lastIndexOf('.');
		if (dot <= 0 || !isStreamId(id.substring(dot + 1))) {
			return null;
		}
		return new StreamId(id.substring(0, dot), id.substring(dot + 1));
	}

	static boolean isStreamId(String streamId) {
		int dash = streamId.indexOf('-');
		return dash > 0 && dash <= 15 && streamId.length() - dash - 1 <= 15 && streamId.length() - dash - 1 > 0
				&& digits(streamId, 0, dash) && digits(streamId, dash + 1, streamId.length());
	}

	boolean isAfter(StreamId other) {
		return compare(this.streamId, other.streamId) > 0;
	}

	/**
	 * Compare two stream ids of one stream.
	 */
	static int compare(String a, String b) {
		int dashA = a.indexOf('-');
		int dashB = b.indexOf('-');
		int millis = Long.compare(Long.parseLong(a, 0, dashA, 10), Long.parseLong(b, 0, dashB, 10));
		return (millis != 0) ? millis : Long.compare(Long.parseLong(a, dashA + 1, a.length(), 10),
				Long.parseLong(b, dashB + 1, b.length(), 10));
	}

	@Override
	public String toString() {
		return this.epoch + "." + this.streamId;
	}

	private static boolean digits(String text, int from, int to) {
		for (int i = from; i < to; i++) {
			char c = text.charAt(i);
			if (c < '0' || c > '9') {
				return false;
			}
		}
		return true;
	}

}
