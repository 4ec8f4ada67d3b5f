package io.github.wsem.sse;

import org.jspecify.annotations.Nullable;

/**
 * The text of SSE messages, written as PROTOCOL.md section 7 shows them.
 */
final class SseText {

	private SseText() {
	}

	static String event(@Nullable String id, String event, String data) {
		StringBuilder text = new StringBuilder(data.length() + event.length() + 32);
		if (id != null) {
			text.append("id: ").append(id).append('\n');
		}
		text.append("event: ").append(event).append('\n');
		for (String line : data.split("\r\n|\r|\n", -1)) {
			text.append("data: ").append(line).append('\n');
		}
		return text.append('\n').toString();
	}

	static String frame(@Nullable String id, String frame) {
		StringBuilder text = new StringBuilder(frame.length() + 16);
		if (id != null) {
			text.append("id: ").append(id).append('\n');
		}
		for (String line : frame.split("\r\n|\r|\n", -1)) {
			text.append("data: ").append(line).append('\n');
		}
		return text.append('\n').toString();
	}

	static String comment(String comment) {
		return ": " + comment + "\n\n";
	}

	static String retry(long millis) {
		return "retry: " + millis + "\n";
	}

}
