package io.github.wsem.websocket;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.tomcat.util.net.SocketWrapperBase;
import org.apache.tomcat.websocket.WsRemoteEndpointImplBase;
import org.apache.tomcat.websocket.WsSession;
import org.apache.tomcat.websocket.server.WsRemoteEndpointImplServer;
import org.jspecify.annotations.Nullable;

/**
 * Finds the socket under a Tomcat WebSocket session, for {@link TomcatFrameSender}.
 * Tomcat keeps it in private fields; when a Tomcat version moves them, wsem falls
 * back to the container's asynchronous send.
 */
final class TomcatSockets {

	private static final Log logger = LogFactory.getLog(TomcatSockets.class);

	/** The field of {@link WsSession} that holds its remote endpoint. */
	static final String ENDPOINT_FIELD = "wsRemoteEndpoint";

	/** The field of {@link WsRemoteEndpointImplServer} that holds the socket. */
	static final String SOCKET_FIELD = "socketWrapper";

	private static final @Nullable VarHandle ENDPOINT;

	private static final @Nullable VarHandle SOCKET;

	static {
		VarHandle endpoint = null;
		VarHandle socket = null;
		try {
			MethodHandles.Lookup lookup = MethodHandles.lookup();
			endpoint = MethodHandles.privateLookupIn(WsSession.class, lookup)
				.findVarHandle(WsSession.class, ENDPOINT_FIELD, WsRemoteEndpointImplBase.class);
			socket = MethodHandles.privateLookupIn(WsRemoteEndpointImplServer.class, lookup)
				.findVarHandle(WsRemoteEndpointImplServer.class, SOCKET_FIELD, SocketWrapperBase.class);
		}
		catch (ReflectiveOperationException | RuntimeException ex) {
			logger.info("Tomcat's WebSocket socket is out of reach; sending through the WebSocket API instead", ex);
			endpoint = null;
			socket = null;
		}
		ENDPOINT = endpoint;
		SOCKET = socket;
	}

	private TomcatSockets() {
	}

	/**
	 * Return the socket of a server session whose connector writes asynchronously.
	 * @param session the container's session
	 * @return the socket, or {@code null} for anything else
	 */
	static @Nullable SocketWrapperBase<?> socketOf(jakarta.websocket.Session session) {
		VarHandle endpointHandle = ENDPOINT;
		VarHandle socketHandle = SOCKET;
		if (endpointHandle == null || socketHandle == null || !(session instanceof WsSession wsSession)) {
			return null;
		}
		if (!(endpointHandle.get(wsSession) instanceof WsRemoteEndpointImplServer endpoint)) {
			return null;
		}
		SocketWrapperBase<?> socket = (SocketWrapperBase<?>) socketHandle.get(endpoint);
		return (socket != null && socket.hasAsyncIO()) ? socket : null;
	}

}
