package io.github.wsem.sample.todo;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.stereotype.Component;

/**
 * The shared list, in memory and in the order the to-dos were added. Thread-safe: every
 * method is atomic. The list starts empty whenever the server starts.
 */
@Component
public class TodoStore {

	/** Most to-dos the list holds, so that a public demo cannot fill the heap. */
	static final int CAPACITY = 1000;

	private final Map<String, Todo> todos = new LinkedHashMap<>();

	/**
	 * Return the to-dos, oldest first.
	 * @return a snapshot
	 */
	public synchronized List<Todo> list() {
		return List.copyOf(this.todos.values());
	}

	/**
	 * Add an open to-do at the end of the list.
	 * @param text the text, already validated
	 * @return the new to-do, or empty if the list is full
	 */
	public synchronized Optional<Todo> add(String text) {
		if (this.todos.size() >= CAPACITY) {
			return Optional.empty();
		}
		Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
		Todo todo = new Todo(UUID.randomUUID().toString(), text, false, now);
		this.todos.put(todo.id(), todo);
		return Optional.of(todo);
	}

	/**
	 * Flip whether a to-do is done.
	 * @param id the id
	 * @return the updated to-do, or empty if there is none with that id
	 */
	public synchronized Optional<Todo> toggle(String id) {
		return Optional.ofNullable(this.todos.computeIfPresent(id, (key, todo) -> todo.toggled()));
	}

	/**
	 * Remove a to-do.
	 * @param id the id
	 * @return the removed to-do, or empty if there was none with that id
	 */
	public synchronized Optional<Todo> delete(String id) {
		return Optional.ofNullable(this.todos.remove(id));
	}

	/**
	 * Remove every to-do.
	 */
	public synchronized void clear() {
		this.todos.clear();
	}

}
