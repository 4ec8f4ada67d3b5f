package io.github.wsem.websocket;

import org.jspecify.annotations.Nullable;

import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;

/**
 * The private Tomcat fields {@link TomcatSockets} reads, for native images; without
 * them wsem falls back to the container's asynchronous send there.
 */
class TomcatSocketsRuntimeHints implements RuntimeHintsRegistrar {

	@Override
	public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
		hints.reflection()
			.registerTypeIfPresent(classLoader, "org.apache.tomcat.websocket.WsSession",
					(type) -> type.withField(TomcatSockets.ENDPOINT_FIELD))
			.registerTypeIfPresent(classLoader, "org.apache.tomcat.websocket.server.WsRemoteEndpointImplServer",
					(type) -> type.withField(TomcatSockets.SOCKET_FIELD));
	}

}
