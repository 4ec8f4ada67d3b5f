/**
 * The Server-Sent Events transport: the room-based {@link io.github.wsem.sse.SseRegistry}
 * on Spring's {@code SseEmitter}, its stream and emit endpoints, and the heartbeat.
 */
@NullMarked
package io.github.wsem.sse;

import org.jspecify.annotations.NullMarked;
