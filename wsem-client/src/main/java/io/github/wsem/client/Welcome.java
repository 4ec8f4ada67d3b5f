package io.github.wsem.client;

/**
 * The server's {@code wsem:welcome}: a connection is open.
 *
 * @param id the client id the server gave this connection
 * @param transport the transport of the connection
 * @param protocol the protocol version the server speaks
 */
public record Welcome(String id, Transport transport, int protocol) {
}
