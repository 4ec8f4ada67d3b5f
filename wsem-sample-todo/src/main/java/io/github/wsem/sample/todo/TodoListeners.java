package io.github.wsem.sample.todo;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonCreator;
import io.github.wsem.core.Client;
import io.github.wsem.core.EventManager;
import io.github.wsem.core.WsemException;
import io.github.wsem.core.WsemListener;
import org.jspecify.annotations.Nullable;

import org.springframework.aot.hint.annotation.RegisterReflectionForBinding;
import org.springframework.stereotype.Component;

/**
 * What the page emits. Each change is broadcast as a {@code todo} event to every client
 * registered for {@code todo}, and told in words as an {@link Activity} to the
 * {@code activity} room, and with who did it to the {@code audit} room of admins; what a
 * method returns is the ack of the client that asked. A thrown {@link WsemException}
 * reaches that client as a {@code wsem:error} with its code, which the page shows.
 *
 * <p>
 * The data and result types of the listener methods get their native-image hints from
 * {@code @WsemListener}; what is only emitted is named here.
 */
@Component
@RegisterReflectionForBinding({ TodoChange.class, Activity.class, AuditEntry.class })
class TodoListeners {

	static final int MAX_LENGTH = 500;

	private final TodoStore store;

	private final EventManager events;

	TodoListeners(TodoStore store, EventManager events) {
		this.store = store;
		this.events = events;
	}

	/**
	 * The current list; the page asks for it after every (re)connect. {@code todo} events
	 * are never replayed: they mean "a change happened now".
	 */
	@WsemListener("todos:list")
	List<Todo> list() {
		return this.store.list();
	}

	@WsemListener("todo")
	Todo add(@Nullable NewTodo request, Client client) {
		String text = validText((request != null) ? request.text() : null);
		Todo todo = this.store.add(text)
			.orElseThrow(() -> new WsemException("full",
					"The list is full (" + TodoStore.CAPACITY + " to-dos): delete some first"));
		return changed(TodoChange.added(todo), todo, "was added", client);
	}

	@WsemListener("todo:toggle")
	Todo toggle(@Nullable TodoRef ref, Client client) {
		Todo todo = this.store.toggle(idOf(ref)).orElseThrow(TodoListeners::notFound);
		return changed(TodoChange.updated(todo), todo, todo.done() ? "was completed" : "was reopened", client);
	}

	@WsemListener("todo:delete")
	Todo delete(@Nullable TodoRef ref, Client client) {
		Todo todo = this.store.delete(idOf(ref)).orElseThrow(TodoListeners::notFound);
		return changed(TodoChange.deleted(todo), todo, "was deleted", client);
	}

	private Todo changed(TodoChange change, Todo todo, String what, Client client) {
		this.events.emit("todo", change);
		this.events.emit(Activity.EVENT, Activity.of(todo, what));
		this.events.emit(AuditEntry.ROOM, AuditEntry.of(change, todo, client));
		return todo;
	}

	private static String validText(@Nullable String text) {
		String trimmed = (text != null) ? text.strip() : "";
		if (trimmed.isEmpty()) {
			throw new WsemException("invalid", "A to-do needs some text.");
		}
		int length = trimmed.codePointCount(0, trimmed.length());
		if (length > MAX_LENGTH) {
			throw new WsemException("invalid",
					"A to-do can have at most " + MAX_LENGTH + " characters; this one has " + length + ".");
		}
		return trimmed;
	}

	private static String idOf(@Nullable TodoRef ref) {
		if (ref == null || ref.id() == null || ref.id().isEmpty()) {
			throw new WsemException("invalid", "Which to-do? The id is missing.");
		}
		return ref.id();
	}

	private static WsemException notFound() {
		return new WsemException("not_found", "That to-do is gone: someone deleted it.");
	}

	/**
	 * The data of a {@code todo} emit: {@code {"text": "..."}}, or just the text, as the
	 * original wsem's {@code wsem.emit('todo', 'buy a bottle of milk')}.
	 *
	 * @param text the text of the new to-do
	 */
	record NewTodo(@Nullable String text) {

		@JsonCreator(mode = JsonCreator.Mode.DELEGATING)
		static NewTodo of(String text) {
			return new NewTodo(text);
		}

	}

	/**
	 * The data of {@code todo:toggle} and {@code todo:delete}.
	 *
	 * @param id the id of the to-do
	 */
	record TodoRef(@Nullable String id) {
	}

}
