/**
 * The cluster broker on Redis: pub/sub channels for emits and direct messages, sets for
 * membership and presence, heartbeats for node liveness.
 */
@NullMarked
package io.github.wsem.broker.redis;

import org.jspecify.annotations.NullMarked;
