/**
 * Operations support: wsem's Micrometer meters and its Actuator endpoint.
 */
@NullMarked
package io.github.wsem.actuate;

import org.jspecify.annotations.NullMarked;
