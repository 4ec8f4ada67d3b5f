package io.github.wsem.core;

/**
 * The states of a client's connection, in the order they are passed through.
 */
public enum ConnectionState {

	/** Accepted by the server, welcome not sent yet. */
	OPENING,

	/** Welcomed; frames flow both ways. */
	CONNECTED,

	/** Closing: queued frames are being flushed, nothing new is accepted. */
	CLOSING,

	/** Closed; the client is gone from every room. */
	CLOSED

}
