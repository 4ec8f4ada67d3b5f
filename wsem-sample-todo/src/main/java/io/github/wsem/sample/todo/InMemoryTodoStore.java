package io.github.wsem.sample.todo;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The list of one server, in memory: it starts empty whenever the server starts.
 * Thread-safe: every method is atomic.
 */
class InMemoryTodoStore implements TodoStore {

	private final Map<String, Todo> todos = new LinkedHashMap<>();

	@Override
	public synchronized List<Todo> list() {
		return List.copyOf(this.todos.values());
	}

	@Override
	public synchronized Optional<Todo> add(String text) {
		if (this.todos.size() >= CAPACITY) {
			return Optional.empty();
		}
		Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
		Todo todo = new Todo(UUID.randomUUID().toString(), text, false, now);
		this.todos.put(todo.id(), todo);
		return Optional.of(todo);
	}

	@Override
	public synchronized Optional<Todo> toggle(String id) {
		return Optional.ofNullable(this.todos.computeIfPresent(id, (key, todo) -> todo.toggled()));
	}

	@Override
	public synchronized Optional<Todo> delete(String id) {
		return Optional.ofNullable(this.todos.remove(id));
	}

	@Override
	public synchronized void clear() {
		this.todos.clear();
	}

}
