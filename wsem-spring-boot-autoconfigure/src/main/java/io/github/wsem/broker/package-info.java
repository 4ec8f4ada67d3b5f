/**
 * {@link io.github.wsem.core.Broker} implementations: the seam to other nodes.
 */
@NullMarked
package io.github.wsem.broker;

import org.jspecify.annotations.NullMarked;
