package io.github.wsem.client;

import java.time.Duration;

/**
 * A connection is about to be attempted again.
 *
 * @param attempt the number of attempts since the last welcome, from 1
 * @param delay how long the client waits before the attempt
 * @param transport the transport of the attempt
 */
public record Reconnecting(int attempt, Duration delay, Transport transport) {
}
