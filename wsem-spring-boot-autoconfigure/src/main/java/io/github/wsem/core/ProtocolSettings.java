package io.github.wsem.core;

import java.time.Duration;
import java.util.List;

/**
 * The protocol settings a {@link ClientHub} works with, bound from {@code wsem.*}
 * properties (whose defaults are the protocol's).
 *
 * @param registerEventName the name of the register event
 * @param unregisterEventName the name of the unregister event
 * @param maxRoomsPerClient the most rooms one client may register for
 * @param maxErrorsPerMinute the bad frames a client may send in a sliding minute
 * before it is closed with 1008
 * @param receiveType the media type of inbound frames
 * @param sendType the media type of outbound frames
 * @param maxRecipients the most recipients of one direct message
 * @param answerTimeout how long the sender of a direct message waits for an answer
 * @param sharedIds whether several connections may have one id (the connections of
 * one user, with {@code wsem.client-id=principal})
 * @param historySize the events kept per room for resuming clients, 0 for none
 * @param historyTtl how long kept events, and idle rooms' histories, are kept
 * @param rateLimit the frames a second one client may send on average, 0 for no limit
 * @param rateBurst the frames one client may send in a burst
 */
public record ProtocolSettings(String registerEventName, String unregisterEventName, int maxRoomsPerClient,
		int maxErrorsPerMinute, String receiveType, String sendType, int maxRecipients, Duration answerTimeout,
		boolean sharedIds, int historySize, Duration historyTtl, double rateLimit, int rateBurst) {

	/** Media type of JSON frames. */
	public static final String JSON = "application/json";

	/** Media type of plain-text frames. */
	public static final String TEXT = "text/plain";

	/** The media types wsem can read and write, as web-socket-server's {@code supportedSendTypes()}. */
	public static final List<String> SUPPORTED_TYPES = List.of(JSON, TEXT);

	boolean receivesPlainText() {
		return TEXT.equals(this.receiveType);
	}

	boolean sendsPlainText() {
		return TEXT.equals(this.sendType);
	}

}
