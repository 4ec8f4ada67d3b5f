/**
 * The shared to-do list sample: a store, the handlers of what pages emit, and the page
 * itself under {@code static/}.
 */
@NullMarked
package io.github.wsem.sample.todo;

import org.jspecify.annotations.NullMarked;
