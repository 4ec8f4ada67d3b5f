package io.github.wsem.websocket;

import java.time.Duration;
import java.util.List;

/**
 * Settings of the WebSocket transport.
 *
 * @param maxFrameSize the largest text message accepted, in UTF-8 bytes
 * @param sendBufferLimit the most characters queued for one client before it is
 * closed with 1013
 * @param sendTimeLimit the longest one frame may take to send before the client is
 * closed with 1013
 * @param subprotocols the subprotocols the endpoint selects, in order of preference
 */
public record WebSocketSettings(long maxFrameSize, int sendBufferLimit, Duration sendTimeLimit,
		List<String> subprotocols) {

	public WebSocketSettings {
		subprotocols = List.copyOf(subprotocols);
	}

}
