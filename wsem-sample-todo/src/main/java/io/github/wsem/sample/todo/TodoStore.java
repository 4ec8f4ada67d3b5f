package io.github.wsem.sample.todo;

import java.util.List;
import java.util.Optional;

/**
 * The shared list, in the order the to-dos were added: in the server's memory, or in
 * Redis when several servers share it ({@code wsem.cluster.type=redis}). Every method is
 * atomic.
 */
public interface TodoStore {

	/** Most to-dos the list holds, so that a public demo cannot fill the memory. */
	int CAPACITY = 1000;

	/**
	 * Return the to-dos, oldest first.
	 * @return a snapshot
	 */
	List<Todo> list();

	/**
	 * Add an open to-do at the end of the list.
	 * @param text the text, already validated
	 * @return the new to-do, or empty if the list is full
	 */
	Optional<Todo> add(String text);

	/**
	 * Flip whether a to-do is done.
	 * @param id the id
	 * @return the updated to-do, or empty if there is none with that id
	 */
	Optional<Todo> toggle(String id);

	/**
	 * Remove a to-do.
	 * @param id the id
	 * @return the removed to-do, or empty if there was none with that id
	 */
	Optional<Todo> delete(String id);

	/**
	 * Remove every to-do.
	 */
	void clear();

}
