package io.github.wsem.core;

import org.jspecify.annotations.Nullable;

/**
 * The first answer to a direct message.
 *
 * @param from the id of the client that answered
 * @param message the answer
 */
public record DirectAnswer(String from, @Nullable Object message) {
}
