package io.github.wsem.autoconfigure;

import org.jspecify.annotations.Nullable;

import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;

/**
 * The resources wsem reads, for AOT processing and native images: the browser client, its
 * ES module and declarations, and the Redis history scripts. Protocol frames need no
 * reflection (they are read into and written from maps, lists and strings);
 * {@code @WsemListener} methods and their data types get their hints from the annotation,
 * the WebSocket senders and the Tomcat fast path from {@code WebSocketRuntimeHints}.
 */
class WsemRuntimeHints implements RuntimeHintsRegistrar {

	@Override
	public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
		hints.resources()
			.registerPattern("io/github/wsem/web/wsem.js")
			.registerPattern("io/github/wsem/web/wsem.mjs")
			.registerPattern("io/github/wsem/web/wsem.d.ts")
			.registerPattern("io/github/wsem/broker/redis/*.lua");
	}

}
