package io.github.wsem.core;

import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.jspecify.annotations.Nullable;

/**
 * The server-side handlers of client events, and their invocation.
 */
final class EventHandlers {

	private final Map<String, List<Entry>> handlers = new ConcurrentHashMap<>();

	private final JsonCodec codec;

	EventHandlers(JsonCodec codec) {
		this.codec = codec;
	}

	@SuppressWarnings("unchecked")
	void add(String event, Type type, EventHandler<?> handler) {
		this.handlers.computeIfAbsent(event, (name) -> new CopyOnWriteArrayList<>())
			.add(new Entry(type, (EventHandler<Object>) handler));
	}

	void remove(String event, EventHandler<?> handler) {
		this.handlers.computeIfPresent(event, (name, entries) -> {
			entries.removeIf((entry) -> entry.handler() == handler);
			return entries.isEmpty() ? null : entries;
		});
	}

	boolean has(String event) {
		return this.handlers.containsKey(event);
	}

	/**
	 * Run every handler of the event, in the order they were added.
	 * @return the first non-null result, or an exceptionally completed future
	 */
	CompletableFuture<@Nullable Object> invoke(String event, @Nullable Object data, Client client) {
		List<Entry> entries = this.handlers.getOrDefault(event, List.of());
		List<CompletableFuture<@Nullable Object>> results = new ArrayList<>(entries.size());
		for (Entry entry : entries) {
			results.add(invoke(entry, data, client));
		}
		if (results.size() == 1) {
			return results.get(0);
		}
		return CompletableFuture.allOf(results.toArray(CompletableFuture[]::new))
			.thenApply((ignored) -> results.stream()
				.map(CompletableFuture::join)
				.filter((r) -> r != null)
				.findFirst()
				.orElse(null));
	}

	private CompletableFuture<@Nullable Object> invoke(Entry entry, @Nullable Object data, Client client) {
		try {
			Object converted = (entry.type() == Object.class) ? data : this.codec.convert(data, entry.type());
			Object result = entry.handler().handle(converted, client);
			if (result instanceof CompletionStage<?> stage) {
				return stage.toCompletableFuture().thenApply((value) -> value);
			}
			return CompletableFuture.completedFuture(result);
		}
		catch (Throwable ex) {
			return CompletableFuture.failedFuture(ex);
		}
	}

	private record Entry(Type type, EventHandler<Object> handler) {
	}

}
