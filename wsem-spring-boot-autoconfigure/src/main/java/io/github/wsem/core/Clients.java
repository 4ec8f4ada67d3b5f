package io.github.wsem.core;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The clients connected to this node: the connection manager of
 * {@link EventManager#clients()}.
 *
 * <p>
 * Views are weakly consistent: clients connecting or leaving while a stream is read may
 * or may not be seen.
 */
public interface Clients extends Iterable<Client> {

	/**
	 * Return the number of clients connected to this node.
	 * @return the count
	 */
	int count();

	/**
	 * Find a client of this node by id.
	 * @param id the client id
	 * @return the client, or empty
	 */
	Optional<Client> find(String id);

	/**
	 * Return a stream of the clients of this node.
	 * @return the clients
	 */
	Stream<Client> stream();

	/**
	 * Return the clients that match a predicate.
	 * @param predicate the predicate
	 * @return a snapshot list
	 */
	default List<Client> filter(Predicate<? super Client> predicate) {
		return stream().filter(predicate).toList();
	}

	/**
	 * Map every client of this node.
	 * @param mapper the function
	 * @param <R> the result type
	 * @return a snapshot list of the results
	 */
	default <R> List<R> map(Function<? super Client, ? extends R> mapper) {
		return stream().<R>map(mapper).toList();
	}

}
