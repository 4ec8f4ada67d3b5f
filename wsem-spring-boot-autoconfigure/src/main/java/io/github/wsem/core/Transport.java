package io.github.wsem.core;

/**
 * The transport a {@link Client} is connected with.
 */
public enum Transport {

	/** A WebSocket connection. */
	WEBSOCKET,

	/** A Server-Sent Events stream. */
	SSE

}
