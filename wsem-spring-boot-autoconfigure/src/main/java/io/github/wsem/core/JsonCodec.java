package io.github.wsem.core;

import java.lang.reflect.Type;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The JSON codec wsem writes and reads frames with. Implementations delegate to Jackson 3
 * or Jackson 2; an application may declare its own bean.
 *
 * <p>
 * Implementations must be thread-safe.
 */
public interface JsonCodec {

	/**
	 * Encode a value as JSON text.
	 * @param value the value, may be {@code null}
	 * @return the JSON text
	 * @throws CodecException if the value cannot be written
	 */
	String encode(@Nullable Object value);

	/**
	 * Decode JSON text into plain Java values: {@code Map}, {@code List}, {@code String},
	 * {@code Number}, {@code Boolean} or {@code null}.
	 * @param json the JSON text
	 * @return the decoded value
	 * @throws CodecException if the text is not one JSON value
	 */
	@Nullable Object decode(String json);

	/**
	 * Convert a decoded value to the given type.
	 * @param value a value as returned by {@link #decode(String)}
	 * @param type the target type
	 * @return the converted value
	 * @throws CodecException if the value does not fit the type
	 */
	@Nullable Object convert(@Nullable Object value, Type type);

	/**
	 * Encode one server-to-client frame.
	 * @param event the event name
	 * @param data the data, omitted when {@code null}
	 * @param ack the ack id, omitted when {@code null}
	 * @param id the event id, omitted when {@code null}
	 * @return the frame's JSON text
	 */
	default String encodeFrame(String event, @Nullable Object data, @Nullable Long ack, @Nullable String id) {
		Map<String, Object> frame = new LinkedHashMap<>(8);
		frame.put("event", event);
		if (ack != null) {
			frame.put("ack", ack);
		}
		if (data != null) {
			frame.put("data", data);
		}
		if (id != null) {
			frame.put("id", id);
		}
		return encode(frame);
	}

}
