package io.github.wsem.core;

import java.net.InetSocketAddress;
import java.net.URI;
import java.security.Principal;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;

/**
 * The opening request of a connection, as a {@link WsemAuthorizer} sees it before the
 * client exists: the WebSocket handshake or the request of an SSE stream.
 *
 * @param transport the transport asked for
 * @param uri the request URI, with its query
 * @param headers the request headers, read-only
 * @param principal the authenticated user (for example Spring Security's
 * {@code Authentication}), or {@code null}
 * @param remoteAddress the address of the remote end, or {@code null} if unknown
 * @param attributes the storage that becomes the client's {@link Client#attributes()}
 */
public record Handshake(Transport transport, URI uri, HttpHeaders headers, @Nullable Principal principal,
		@Nullable InetSocketAddress remoteAddress, Map<String, Object> attributes) {

}
