package io.github.wsem.core;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

/**
 * The renderings of one outgoing message that its recipients share, each made by the
 * first recipient that asks for it.
 */
final class Renderings {

	private volatile @Nullable Map<Object, Object> renderings;

	@SuppressWarnings("unchecked")
	<S, T> T get(Object key, S source, Function<S, T> renderer) {
		Map<Object, Object> map = this.renderings;
		if (map == null) {
			synchronized (this) {
				map = this.renderings;
				if (map == null) {
					map = new ConcurrentHashMap<>(2);
					this.renderings = map;
				}
			}
		}
		return (T) map.computeIfAbsent(key, (ignored) -> renderer.apply(source));
	}

}
