package io.github.wsem.sse;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * Settings of the SSE transport. Public only because it is a constructor parameter of
 * {@link SseRegistry} and {@link SseEndpoint}, which the auto-configuration (another
 * package), or an application replacing those beans, creates; only the two use it
 * ({@code ArchitectureTests}).
 *
 * @param heartbeat the interval of the {@code : ping} comment
 * @param retry the reconnection delay sent to browsers first
 * @param timeout the async request timeout, {@code null} for none
 * @param sendBufferLimit the most bytes queued for one client before its stream is
 * completed
 * @param sendTimeLimit the longest one write may take before the stream is completed
 * @param maxFrameSize the largest body {@code POST .../emit} accepts, in bytes
 * @param maxClients the most SSE streams of this node
 */
public record SseSettings(Duration heartbeat, Duration retry, @Nullable Duration timeout, long sendBufferLimit,
		Duration sendTimeLimit, long maxFrameSize, int maxClients) {
}
