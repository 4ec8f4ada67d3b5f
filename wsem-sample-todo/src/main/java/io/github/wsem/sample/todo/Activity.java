package io.github.wsem.sample.todo;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The data of an {@code activity} event: one line of the page's activity feed, which
 * reads them with a plain {@code EventSource} on {@code /wsem/sse?events=activity}.
 *
 * @param text what happened, for example {@code “milk” was added}
 * @param at when it happened
 */
public record Activity(String text, Instant at) {

	/** The event, and so the room, of the activity feed. */
	static final String EVENT = "activity";

	/** Longest to-do text quoted in full; longer ones are cut with an ellipsis. */
	static final int QUOTED_LENGTH = 60;

	static Activity of(Todo todo, String what) {
		return new Activity("“" + shortened(todo.text()) + "” " + what, Instant.now().truncatedTo(ChronoUnit.MILLIS));
	}

	private static String shortened(String text) {
		if (text.codePointCount(0, text.length()) <= QUOTED_LENGTH) {
			return text;
		}
		return text.substring(0, text.offsetByCodePoints(0, QUOTED_LENGTH - 1)).stripTrailing() + "…";
	}

}
