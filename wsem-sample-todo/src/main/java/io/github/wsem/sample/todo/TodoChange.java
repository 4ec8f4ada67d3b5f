package io.github.wsem.sample.todo;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

/**
 * The data of a {@code todo} event: what just changed in the list. {@code added} and
 * {@code updated} carry the whole to-do, {@code deleted} only its id.
 *
 * @param action {@code added}, {@code updated} or {@code deleted}
 * @param id the id of the to-do
 * @param text its text
 * @param done whether it is completed
 * @param createdAt when it was added
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TodoChange(String action, String id, @Nullable String text, @Nullable Boolean done,
		@Nullable Instant createdAt) {

	static TodoChange added(Todo todo) {
		return of("added", todo);
	}

	static TodoChange updated(Todo todo) {
		return of("updated", todo);
	}

	static TodoChange deleted(Todo todo) {
		return new TodoChange("deleted", todo.id(), null, null, null);
	}

	private static TodoChange of(String action, Todo todo) {
		return new TodoChange(action, todo.id(), todo.text(), todo.done(), todo.createdAt());
	}

}
