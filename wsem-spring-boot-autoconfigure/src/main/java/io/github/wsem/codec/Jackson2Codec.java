package io.github.wsem.codec;

import java.lang.reflect.Type;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.github.wsem.core.CodecException;
import io.github.wsem.core.JsonCodec;
import org.jspecify.annotations.Nullable;

/**
 * A {@link JsonCodec} on a Jackson 2 {@link ObjectMapper}, for applications that still
 * run on {@code com.fasterxml.jackson}.
 */
public final class Jackson2Codec implements JsonCodec {

	private final ObjectMapper mapper;

	private final ObjectReader reader;

	/**
	 * Create a codec.
	 * @param mapper the mapper to read and write with
	 */
	public Jackson2Codec(ObjectMapper mapper) {
		this.mapper = mapper;
		this.reader = mapper.readerFor(Object.class).with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
	}

	@Override
	public String encode(@Nullable Object value) {
		try {
			return UnpairedSurrogates.escape(this.mapper.writeValueAsString(value));
		}
		catch (JsonProcessingException ex) {
			throw new CodecException("Cannot write JSON", ex);
		}
	}

	@Override
	public @Nullable Object decode(String json) {
		try {
			return this.reader.readValue(json);
		}
		catch (JsonProcessingException ex) {
			throw new CodecException("Cannot read JSON", ex);
		}
	}

	@Override
	public @Nullable Object convert(@Nullable Object value, Type type) {
		try {
			return this.mapper.convertValue(value, this.mapper.getTypeFactory().constructType(type));
		}
		catch (IllegalArgumentException ex) {
			throw new CodecException("Cannot convert to " + type.getTypeName(), ex);
		}
	}

}
