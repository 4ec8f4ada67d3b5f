package io.github.wsem.client;

/**
 * The transports a {@link WsemClient} can connect with.
 */
public enum Transport {

	/** The WebSocket endpoint ({@code ws://host/wsem}). */
	WEBSOCKET,

	/**
	 * Server-Sent Events: {@code GET {endpoint}/sse} for what the server sends,
	 * {@code POST {endpoint}/emit} for what the client sends.
	 */
	SSE

}
