/**
 * The outbound queue every transport writes through: byte accounting, the send limits,
 * overflow and close-after-flush in one place; a transport supplies only how to write a
 * batch of frames.
 */
@NullMarked
package io.github.wsem.outbound;

import org.jspecify.annotations.NullMarked;
