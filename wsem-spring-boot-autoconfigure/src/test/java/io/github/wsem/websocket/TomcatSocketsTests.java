package io.github.wsem.websocket;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * wsem's fast path reaches into Tomcat's private fields; this fails when a Tomcat upgrade
 * moves them, rather than wsem falling back to the slower WebSocket API unnoticed.
 */
class TomcatSocketsTests {

	@Test
	void reachesTheSocketAndTheLastWriteOfThisTomcatsSessions() {
		assertThat(TomcatSockets.isAvailable())
			.as("WsSession.wsRemoteEndpoint, WsSession.updateLastActiveWrite() and "
					+ "WsRemoteEndpointImplServer.socketWrapper of this Tomcat version")
			.isTrue();
	}

}
