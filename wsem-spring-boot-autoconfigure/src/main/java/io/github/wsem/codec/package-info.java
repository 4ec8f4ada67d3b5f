/**
 * {@link io.github.wsem.core.JsonCodec} implementations on Jackson 3 and Jackson 2.
 */
@NullMarked
package io.github.wsem.codec;

import org.jspecify.annotations.NullMarked;
