package io.github.wsem.websocket;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.tomcat.util.net.SocketWrapperBase;
import org.apache.tomcat.websocket.WsRemoteEndpointImplBase;
import org.apache.tomcat.websocket.WsSession;
import org.apache.tomcat.websocket.server.WsRemoteEndpointImplServer;
import org.jspecify.annotations.Nullable;

/**
 * Reaches into a Tomcat WebSocket session for {@link TomcatBatchWriter}: the socket under
 * it, which Tomcat keeps in private fields, and the session's record of its last write,
 * which Tomcat's idle timeout reads. When a Tomcat version moves them, wsem falls back to
 * the container's asynchronous send ({@code TomcatSocketsTests} fails on such a version).
 */
final class TomcatSockets {

	private static final Log logger = LogFactory.getLog(TomcatSockets.class);

	/** The field of {@link WsSession} that holds its remote endpoint. */
	static final String ENDPOINT_FIELD = "wsRemoteEndpoint";

	/** The method of {@link WsSession} that tells its idle timeout a write happened. */
	static final String LAST_ACTIVE_WRITE_METHOD = "updateLastActiveWrite";

	/** The field of {@link WsRemoteEndpointImplServer} that holds the socket. */
	static final String SOCKET_FIELD = "socketWrapper";

	private static final @Nullable VarHandle ENDPOINT;

	private static final @Nullable VarHandle SOCKET;

	private static final @Nullable MethodHandle UPDATE_LAST_ACTIVE_WRITE;

	static {
		VarHandle endpoint = null;
		VarHandle socket = null;
		MethodHandle lastActiveWrite = null;
		try {
			MethodHandles.Lookup lookup = MethodHandles.lookup();
			MethodHandles.Lookup session = MethodHandles.privateLookupIn(WsSession.class, lookup);
			endpoint = session.findVarHandle(WsSession.class, ENDPOINT_FIELD, WsRemoteEndpointImplBase.class);
			lastActiveWrite = session.findVirtual(WsSession.class, LAST_ACTIVE_WRITE_METHOD,
					MethodType.methodType(void.class));
			socket = MethodHandles.privateLookupIn(WsRemoteEndpointImplServer.class, lookup)
				.findVarHandle(WsRemoteEndpointImplServer.class, SOCKET_FIELD, SocketWrapperBase.class);
		}
		catch (ReflectiveOperationException | RuntimeException ex) {
			logger.info("Tomcat's WebSocket socket is out of reach; sending through the WebSocket API instead", ex);
			endpoint = null;
			socket = null;
			lastActiveWrite = null;
		}
		ENDPOINT = endpoint;
		SOCKET = socket;
		UPDATE_LAST_ACTIVE_WRITE = lastActiveWrite;
	}

	private TomcatSockets() {
	}

	/**
	 * Whether this Tomcat's session keeps its socket and last write where wsem looks for
	 * them.
	 * @return {@code false} if wsem must send through the WebSocket API
	 */
	static boolean isAvailable() {
		return ENDPOINT != null && SOCKET != null && UPDATE_LAST_ACTIVE_WRITE != null;
	}

	/**
	 * Return the socket of a server session whose connector writes asynchronously.
	 * @param session the container's session
	 * @return the socket, or {@code null} for anything else
	 */
	static @Nullable SocketWrapperBase<?> socketOf(jakarta.websocket.Session session) {
		VarHandle endpointHandle = ENDPOINT;
		VarHandle socketHandle = SOCKET;
		if (!isAvailable() || endpointHandle == null || socketHandle == null
				|| !(session instanceof WsSession wsSession)) {
			return null;
		}
		if (!(endpointHandle.get(wsSession) instanceof WsRemoteEndpointImplServer endpoint)) {
			return null;
		}
		SocketWrapperBase<?> socket = (SocketWrapperBase<?>) socketHandle.get(endpoint);
		return (socket != null && socket.hasAsyncIO()) ? socket : null;
	}

	/**
	 * Tell a session that it wrote, as Tomcat's own send does, so that its idle timeout
	 * does not close a client that only receives.
	 * @param session a session {@link #socketOf} found the socket of
	 */
	static void wrote(jakarta.websocket.Session session) {
		MethodHandle update = UPDATE_LAST_ACTIVE_WRITE;
		if (update != null) {
			try {
				update.invokeExact((WsSession) session);
			}
			catch (Throwable ex) {
				logger.debug("Could not record a write of " + session.getId(), ex);
			}
		}
	}

}
