/**
 * Transport-agnostic heart of wsem: the {@link io.github.wsem.core.EventManager} API,
 * clients, rooms and the dispatch of inbound frames.
 */
@NullMarked
package io.github.wsem.core;

import org.jspecify.annotations.NullMarked;
