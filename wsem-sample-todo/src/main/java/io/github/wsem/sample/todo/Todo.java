package io.github.wsem.sample.todo;

import java.time.Instant;

/**
 * One to-do of the shared list.
 *
 * @param id the id, unique for the life of the server
 * @param text the text, trimmed, 1 to 500 characters
 * @param done whether it is completed
 * @param createdAt when it was added
 */
public record Todo(String id, String text, boolean done, Instant createdAt) {

	Todo toggled() {
		return new Todo(this.id, this.text, !this.done, this.createdAt);
	}

}
