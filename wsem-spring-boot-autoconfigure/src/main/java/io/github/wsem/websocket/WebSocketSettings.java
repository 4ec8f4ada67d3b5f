package io.github.wsem.websocket;

import java.time.Duration;
import java.util.List;

/**
 * Settings of the WebSocket transport. Public only because it is a constructor parameter
 * of {@link WsemWebSocketHandler}, which the auto-configuration (another package), or an
 * application replacing that bean, creates; only the two use it
 * ({@code ArchitectureTests}).
 *
 * @param maxFrameSize the largest text message accepted, in UTF-8 bytes
 * @param sendBufferLimit the most bytes queued for one client before it is closed with
 * 1013
 * @param sendTimeLimit the longest one frame may take to send before the client is closed
 * with 1013
 * @param subprotocols the subprotocols the endpoint selects, in order of preference
 * @param blockingWriters the most container threads that write queued frames with the
 * container's blocking, batching send at once (each write bounded by
 * {@code sendTimeLimit}); beyond it queued frames go out one by one asynchronously
 * (containers other than Tomcat)
 * @param tomcatFastPath whether frames go straight to Tomcat's socket, when it is in
 * reach
 */
public record WebSocketSettings(long maxFrameSize, int sendBufferLimit, Duration sendTimeLimit,
		List<String> subprotocols, int blockingWriters, boolean tomcatFastPath) {

	/** The default of {@link #blockingWriters()}. */
	public static final int DEFAULT_BLOCKING_WRITERS = 16;

	public WebSocketSettings {
		subprotocols = List.copyOf(subprotocols);
	}

}
