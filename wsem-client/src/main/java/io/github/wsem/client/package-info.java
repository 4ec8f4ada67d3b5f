/**
 * A Java client of wsem's wire protocol: {@link io.github.wsem.client.WsemClient}.
 */
@NullMarked
package io.github.wsem.client;

import org.jspecify.annotations.NullMarked;
