/**
 * Transport-agnostic heart of wsem: the {@link io.github.wsem.core.EventManager} API,
 * clients, rooms and the dispatch of inbound frames. Two SPIs lead out of it:
 * {@link io.github.wsem.core.ClientHub} for transports (with
 * {@link io.github.wsem.core.ClientSession} and
 * {@link io.github.wsem.core.OutboundEvent}), and {@link io.github.wsem.core.Broker} for
 * the way to other nodes (with {@link io.github.wsem.core.Delivery}).
 */
@NullMarked
package io.github.wsem.core;

import org.jspecify.annotations.NullMarked;
