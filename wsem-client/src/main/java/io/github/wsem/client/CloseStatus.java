package io.github.wsem.client;

/**
 * How a connection ended.
 *
 * @param code the WebSocket close code; 1006 when the connection was lost without one
 * @param reason the reason the server gave, or an empty string
 */
public record CloseStatus(int code, String reason) {
}
