package io.github.wsem.core;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

/**
 * The renderings of one outgoing message that its recipients share, each made by the
 * first recipient that asks for it. Every recipient of a fan-out asks: the first
 * rendering (the only one most messages have) is one field read away, without a map
 * lookup or an allocation.
 */
final class Renderings {

	private volatile @Nullable Rendering first;

	private volatile @Nullable Map<Object, Object> others;

	@SuppressWarnings("unchecked")
	<S, T> T get(Object key, S source, Function<S, T> renderer) {
		Rendering first = this.first;
		if (first != null && first.key().equals(key)) {
			return (T) first.value();
		}
		Map<Object, Object> others = this.others;
		Object value = (others != null) ? others.get(key) : null;
		return (value != null) ? (T) value : render(key, source, renderer);
	}

	@SuppressWarnings("unchecked")
	private synchronized <S, T> T render(Object key, S source, Function<S, T> renderer) {
		Rendering first = this.first;
		if (first == null) {
			T value = Objects.requireNonNull(renderer.apply(source));
			this.first = new Rendering(key, value);
			return value;
		}
		if (first.key().equals(key)) {
			return (T) first.value();
		}
		Map<Object, Object> others = this.others;
		if (others == null) {
			others = new ConcurrentHashMap<>(2);
			this.others = others;
		}
		Object value = others.get(key);
		if (value == null) {
			value = Objects.requireNonNull(renderer.apply(source));
			others.put(key, value);
		}
		return (T) value;
	}

	private record Rendering(Object key, Object value) {
	}

}
