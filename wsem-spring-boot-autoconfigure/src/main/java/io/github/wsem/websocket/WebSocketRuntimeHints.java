package io.github.wsem.websocket;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.aot.hint.ExecutableMode;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.TypeReference;

/**
 * What the WebSocket transport reaches through method handles, for native images: the
 * private Tomcat fields and method {@link TomcatSockets} uses (without them wsem falls
 * back to the container's asynchronous send), and the {@code VarHandle} fields of the
 * outbound queue its senders extend.
 */
class WebSocketRuntimeHints implements RuntimeHintsRegistrar {

	@Override
	public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
		hints.reflection()
			.registerTypeIfPresent(classLoader, "org.apache.tomcat.websocket.WsSession",
					(type) -> type.withField(TomcatSockets.ENDPOINT_FIELD)
						.withMethod(TomcatSockets.LAST_ACTIVE_WRITE_METHOD, List.of(), ExecutableMode.INVOKE))
			.registerTypeIfPresent(classLoader, "org.apache.tomcat.websocket.server.WsRemoteEndpointImplServer",
					(type) -> type.withField(TomcatSockets.SOCKET_FIELD))
			.registerType(TypeReference.of("io.github.wsem.outbound.OutboundQueue"),
					(type) -> type.withField("buffered")
						.withField("sending")
						.withField("pendingClose")
						.withField("closed")
						.withField("phase"));
	}

}
