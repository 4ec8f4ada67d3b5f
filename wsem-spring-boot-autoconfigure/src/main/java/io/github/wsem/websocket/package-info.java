/**
 * The WebSocket transport: the handler at {@code wsem.endpoint}, its clients and their
 * non-blocking outbound queues.
 */
@NullMarked
package io.github.wsem.websocket;

import org.jspecify.annotations.NullMarked;
