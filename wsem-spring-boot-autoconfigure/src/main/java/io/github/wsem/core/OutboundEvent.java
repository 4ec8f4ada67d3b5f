package io.github.wsem.core;

import java.util.function.Function;

import org.jspecify.annotations.Nullable;

/**
 * One emitted event, encoded once for all its recipients: the JSON of its data and the
 * WebSocket frame built around it. Other renderings (an SSE event) are made on first use
 * and shared too.
 *
 * <p>
 * Part of the transport and broker SPIs: public because transports receive it
 * ({@link ClientSession#sendEvent}) and brokers and histories in other packages create
 * and carry it ({@link Delivery}, {@link EventHistory}). Applications never see it; only
 * {@code core}, the transports and the brokers use it ({@code ArchitectureTests}).
 */
public final class OutboundEvent {

	/**
	 * The name that marks a raw text frame on its way through brokers and histories; its
	 * data is the frame's text, and the frame is that text as-is.
	 */
	public static final String RAW_EVENT = "wsem:raw";

	private final String event;

	private final @Nullable String dataJson;

	private final @Nullable String id;

	private final @Nullable String room;

	private final @Nullable String origin;

	private final long number;

	private final String frame;

	private final Renderings renderings = new Renderings();

	private OutboundEvent(String event, @Nullable String dataJson, @Nullable String id, @Nullable String room,
			@Nullable String origin, long number, String frame) {
		this.event = event;
		this.dataJson = dataJson;
		this.id = id;
		this.room = room;
		this.origin = origin;
		this.number = number;
		this.frame = frame;
	}

	/**
	 * Encode an event.
	 * @param codec the codec
	 * @param event the event name
	 * @param data the data, omitted from the frame when {@code null}
	 * @param id the event id, or {@code null}
	 * @return the encoded event
	 */
	public static OutboundEvent encode(JsonCodec codec, String event, @Nullable Object data, @Nullable String id) {
		return of(codec, event, (data != null) ? codec.encode(data) : null, id);
	}

	/**
	 * Create an event whose data is already JSON, for example one received from another
	 * node.
	 * @param codec the codec
	 * @param event the event name
	 * @param dataJson the JSON of the data, or {@code null}
	 * @param id the event id, or {@code null}
	 * @return the event
	 */
	public static OutboundEvent of(JsonCodec codec, String event, @Nullable String dataJson, @Nullable String id) {
		return of(codec, event, dataJson, id, null);
	}

	/**
	 * Create an event kept in a room's history, whose data is already JSON.
	 * @param codec the codec
	 * @param event the event name
	 * @param dataJson the JSON of the data, or {@code null}
	 * @param id the event id, or {@code null}
	 * @param room the room whose history keeps the event, or {@code null}
	 * @return the event
	 */
	public static OutboundEvent of(JsonCodec codec, String event, @Nullable String dataJson, @Nullable String id,
			@Nullable String room) {
		return of(codec, event, dataJson, id, room, null, 0);
	}

	/**
	 * Create an event kept in a room's history, whose data is already JSON, naming the
	 * cluster node that emitted it and its number there.
	 * @param codec the codec
	 * @param event the event name
	 * @param dataJson the JSON of the data, or {@code null}
	 * @param id the event id, or {@code null}
	 * @param room the room whose history keeps the event, or {@code null}
	 * @param origin the node that emitted it, or {@code null}
	 * @param number its number among that node's emits
	 * @return the event
	 */
	public static OutboundEvent of(JsonCodec codec, String event, @Nullable String dataJson, @Nullable String id,
			@Nullable String room, @Nullable String origin, long number) {
		if (RAW_EVENT.equals(event) && dataJson != null && codec.decode(dataJson) instanceof String text) {
			return new OutboundEvent(event, dataJson, id, room, origin, number, text);
		}
		StringBuilder frame = new StringBuilder(event.length() + 32 + ((dataJson != null) ? dataJson.length() : 0));
		frame.append("{\"event\":").append(codec.encode(event));
		if (dataJson != null) {
			frame.append(",\"data\":").append(dataJson);
		}
		if (id != null) {
			frame.append(",\"id\":").append(codec.encode(id));
		}
		frame.append('}');
		return new OutboundEvent(event, dataJson, id, room, origin, number, frame.toString());
	}

	/**
	 * Return this event with another id, encoded again.
	 * @param codec the codec
	 * @param id the id
	 * @return the event
	 */
	public OutboundEvent withId(JsonCodec codec, String id) {
		return of(codec, this.event, this.dataJson, id, this.room, this.origin, this.number);
	}

	/**
	 * Whether this is a raw text frame ({@link #RAW_EVENT}), whose frame is its text.
	 * @return {@code true} for a raw frame
	 */
	public boolean isRaw() {
		return RAW_EVENT.equals(this.event);
	}

	/**
	 * Return the event name.
	 * @return the name
	 */
	public String event() {
		return this.event;
	}

	/**
	 * Return the JSON of the data.
	 * @return the JSON text, or {@code null} when the event has no data
	 */
	public @Nullable String dataJson() {
		return this.dataJson;
	}

	/**
	 * Return the event id.
	 * @return the id, or {@code null} when history is off
	 */
	public @Nullable String id() {
		return this.id;
	}

	/**
	 * Return the room whose history keeps this event (or will: a node's own emit that
	 * Redis did not take in time reaches its clients without id).
	 * @return the room, or {@code null} for an event no history keeps
	 */
	public @Nullable String room() {
		return this.room;
	}

	/**
	 * Return the cluster node that emitted this event.
	 * @return the node's id, or {@code null} when unknown
	 */
	public @Nullable String origin() {
		return this.origin;
	}

	/**
	 * Return the number of this event among the emits of its {@link #origin()}.
	 * @return the number, 0 when unknown
	 */
	public long number() {
		return this.number;
	}

	/**
	 * Return the WebSocket frame of the event.
	 * @return the frame's JSON text
	 */
	public String frame() {
		return this.frame;
	}

	/**
	 * Return this event as {@code wsem.send-type=text/plain} sends it: a frame that is
	 * the data as text (a string as-is, other data as JSON, nothing for no data), without
	 * the envelope. Made once and shared by all recipients; the event name, data, id and
	 * room stay, so an SSE event keeps its {@code event:} line.
	 * @param codec the codec that reads a string's JSON
	 * @return the plain-text event
	 */
	public OutboundEvent asText(JsonCodec codec) {
		return rendered(TextKey.INSTANCE, (event) -> new OutboundEvent(event.event, event.dataJson, event.id,
				event.room, event.origin, event.number, plainText(codec, event.dataJson)));
	}

	private static String plainText(JsonCodec codec, @Nullable String dataJson) {
		if (dataJson == null) {
			return "";
		}
		return (dataJson.startsWith("\"") && codec.decode(dataJson) instanceof String text) ? text : dataJson;
	}

	private enum TextKey {

		INSTANCE

	}

	/**
	 * Return another rendering of this event (an SSE message), made by the first caller
	 * with that key and shared with the others.
	 * @param key identifies the rendering
	 * @param renderer makes the rendering from this event
	 * @param <T> the rendering's type
	 * @return the rendering
	 */
	public <T> T rendered(Object key, Function<OutboundEvent, T> renderer) {
		return this.renderings.get(key, this, renderer);
	}

}
