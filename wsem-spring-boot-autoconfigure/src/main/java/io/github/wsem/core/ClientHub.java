package io.github.wsem.core;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEvent;

/**
 * The transport SPI: what a transport (WebSocket, SSE) calls to connect its clients to
 * this node, hand it their frames and tell it they are gone. Applications use the
 * {@link #eventManager() EventManager} instead, which they may decorate or replace
 * without touching the transports.
 *
 * <p>
 * A transport extends {@link ClientSession} for its connections, calls {@link #connect}
 * once a connection is open and {@link #disconnect} once it closed, and hands every
 * inbound text frame to {@link #dispatch}. The node sends frames through the session's
 * {@code sendText} and {@code sendEvent} methods.
 */
public interface ClientHub {

	/**
	 * Create the hub of one node and attach it to its broker.
	 * @param codec the JSON codec
	 * @param broker the broker to other nodes
	 * @param settings the protocol settings
	 * @param eventPublisher where connect and disconnect events are published
	 * @param authorizer decides what clients may do
	 * @param history the history of emitted events, or {@code null} to keep it in this
	 * node's memory; unused when the settings turn history off
	 * @return the hub
	 */
	static ClientHub create(JsonCodec codec, Broker broker, ProtocolSettings settings,
			Consumer<ApplicationEvent> eventPublisher, WsemAuthorizer authorizer, @Nullable EventHistory history) {
		return new DefaultClientHub(codec, broker, settings, eventPublisher, authorizer, history);
	}

	/**
	 * Create the hub of one node whose clients may do everything, with history in this
	 * node's memory.
	 * @param codec the JSON codec
	 * @param broker the broker to other nodes
	 * @param settings the protocol settings
	 * @param eventPublisher where connect and disconnect events are published
	 * @return the hub
	 */
	static ClientHub create(JsonCodec codec, Broker broker, ProtocolSettings settings,
			Consumer<ApplicationEvent> eventPublisher) {
		return create(codec, broker, settings, eventPublisher, WsemAuthorizer.allowAll(), null);
	}

	/**
	 * Return the application's view of this node.
	 * @return the event manager whose emits reach this hub's clients
	 */
	EventManager eventManager();

	/**
	 * Ask the {@link WsemAuthorizer} whether a client may connect.
	 * @param handshake the opening request
	 * @return {@code false} if the connection must be refused with HTTP 403
	 */
	boolean authorizeConnect(Handshake handshake);

	/**
	 * Whether {@link #authorizeConnect} may refuse a connection: {@code false} when the
	 * {@link WsemAuthorizer} keeps the default that allows every one, so that a transport
	 * need not build the {@link Handshake}.
	 * @return whether to ask {@link #authorizeConnect}
	 */
	default boolean checksConnect() {
		return true;
	}

	/**
	 * Ask the {@link WsemAuthorizer} whether a client may register for a room, for
	 * transports that register clients without a {@code wsem:register} frame.
	 * @param client the client
	 * @param room the room
	 * @return {@code false} if the room must not be joined
	 */
	boolean authorizeRegister(ClientSession client, String room);

	/**
	 * Queue a newly connected client's welcome frame, register the client, then let it
	 * send: the welcome is always the first frame, and a client that has it can be found.
	 * @param client the client
	 * @throws WsemException {@code forbidden} if a client with the same id is connected
	 * and ids are not shared
	 */
	void connect(ClientSession client);

	/**
	 * Act on one inbound text frame of a client.
	 * @param client the client
	 * @param text the frame's text
	 * @param reply where acks and errors for the client go
	 * @return whether the frame carries a valid ack, so that exactly one answer will be
	 * passed to {@code reply}
	 */
	boolean dispatch(ClientSession client, String text, Consumer<String> reply);

	/**
	 * Answer a frame the transport refused before reading it, for example one over the
	 * size limit.
	 * @param client the client
	 * @param code the error code
	 * @param message the message for the client
	 * @param reply where the error goes
	 */
	void reject(ClientSession client, ErrorCode code, String message, Consumer<String> reply);

	/**
	 * Encode a {@code wsem:error} frame that a transport answers with itself, and count
	 * it.
	 * @param code the error code
	 * @param message the message for the client
	 * @param details more entries of the error's data
	 * @return the frame's text
	 */
	String errorFrame(ErrorCode code, String message, Map<String, Object> details);

	/**
	 * Make a client a member of a room after sending it the room's kept events after
	 * {@code since}, with no event lost or repeated between the two.
	 * @param client the client
	 * @param room the room
	 * @param since the id of the last event the client has, {@code null} to start now
	 * @return {@code true} if events after {@code since} are no longer kept, so the
	 * client should be told {@code recovery_incomplete}
	 */
	boolean resume(ClientSession client, String room, @Nullable String since);

	/**
	 * Return the id a client that starts listening to a room now should resume from, or
	 * {@code null} when history is off.
	 * @param room the room
	 * @return the room's current position
	 */
	@Nullable String position(String room);

	/**
	 * Report a failure of a client's connection to the {@link ClientListener}s.
	 * @param client the client
	 * @param error the failure
	 */
	void failed(ClientSession client, Throwable error);

	/**
	 * Count a client that is closed because it could not keep up. The transport closes it
	 * and calls {@link #disconnect} as usual.
	 * @param client the client
	 * @param droppedFrames the frames queued for it that are discarded
	 */
	void overflowed(ClientSession client, int droppedFrames);

	/**
	 * Forget a client whose connection closed, with all its memberships. Calling it again
	 * for the same client does nothing. Never throws: it may run on the thread of an emit
	 * to other clients, so a failing listener is only logged.
	 * @param client the client
	 * @param closeCode the close status code
	 */
	void disconnect(ClientSession client, int closeCode);

	/**
	 * Set the listeners told about every client's connection.
	 * @param listeners the listeners, in order
	 */
	void setClientListeners(List<ClientListener> listeners);

	/**
	 * Set what decides the id a client takes without reconnecting ({@code wsem:id}); the
	 * default gives random ids and refuses chosen ones.
	 * @param resolver the resolver the transports use for new connections too
	 */
	void setIdResolver(ClientIdResolver resolver);

	/**
	 * Set what records the traffic of this node's clients.
	 * @param metrics the recorder, {@link WsemMetrics#NONE} for none
	 */
	void setMetrics(WsemMetrics metrics);

	/**
	 * Return the number of this node's connections with a transport.
	 * @param transport the transport
	 * @return the count
	 */
	int connectionCount(Transport transport);

	/**
	 * Return the number of rooms with members on this node.
	 * @return the count
	 */
	int roomCount();

	/**
	 * Return the rooms of this node with their member counts.
	 * @return a sorted snapshot
	 */
	Map<String, Integer> roomSizes();

	/**
	 * Return the number of rooms whose history this node keeps in its memory.
	 * @return the count
	 */
	int historyRoomCount();

}
