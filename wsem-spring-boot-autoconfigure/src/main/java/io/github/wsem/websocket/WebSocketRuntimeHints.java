package io.github.wsem.websocket;

import org.jspecify.annotations.Nullable;

import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;

/**
 * The fields this package reaches through {@code VarHandle}s, for native images: the
 * private Tomcat fields {@link TomcatSockets} reads (without them wsem falls back to
 * the container's asynchronous send) and the senders' own state fields.
 */
class WebSocketRuntimeHints implements RuntimeHintsRegistrar {

	@Override
	public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
		hints.reflection()
			.registerTypeIfPresent(classLoader, "org.apache.tomcat.websocket.WsSession",
					(type) -> type.withField(TomcatSockets.ENDPOINT_FIELD))
			.registerTypeIfPresent(classLoader, "org.apache.tomcat.websocket.server.WsRemoteEndpointImplServer",
					(type) -> type.withField(TomcatSockets.SOCKET_FIELD))
			.registerType(QueuedFrameSender.class,
					(type) -> type.withField("buffered").withField("sending").withField("pendingClose").withField("closed"))
			.registerType(AsyncFrameSender.class, (type) -> type.withField("phase"));
	}

}
