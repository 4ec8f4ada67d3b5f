package io.github.wsem.client;

import org.jspecify.annotations.Nullable;

/**
 * The first answer to a direct message sent with
 * {@link WsemClient#send(String, Object, Class)}.
 *
 * @param <T> the type of the answer
 * @param from the id of the client that answered
 * @param message the answer
 */
public record Answer<T>(String from, @Nullable T message) {
}
