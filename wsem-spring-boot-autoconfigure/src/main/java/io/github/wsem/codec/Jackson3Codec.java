package io.github.wsem.codec;

import java.lang.reflect.Type;

import io.github.wsem.core.CodecException;
import io.github.wsem.core.JsonCodec;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.ObjectReader;

/**
 * A {@link JsonCodec} on a Jackson 3 {@link ObjectMapper}, usually Spring Boot's
 * {@code JsonMapper} bean so that {@code spring.jackson.*} settings apply.
 */
public final class Jackson3Codec implements JsonCodec {

	private final ObjectMapper mapper;

	private final ObjectReader reader;

	/**
	 * Create a codec.
	 * @param mapper the mapper to read and write with
	 */
	public Jackson3Codec(ObjectMapper mapper) {
		this.mapper = mapper;
		this.reader = mapper.readerFor(Object.class).with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
	}

	@Override
	public String encode(@Nullable Object value) {
		try {
			return UnpairedSurrogates.escape(this.mapper.writeValueAsString(value));
		}
		catch (JacksonException ex) {
			throw new CodecException("Cannot write JSON", ex);
		}
	}

	@Override
	public @Nullable Object decode(String json) {
		try {
			return this.reader.readValue(json);
		}
		catch (JacksonException ex) {
			throw new CodecException("Cannot read JSON", ex);
		}
	}

	@Override
	public @Nullable Object convert(@Nullable Object value, Type type) {
		try {
			return this.mapper.convertValue(value, this.mapper.getTypeFactory().constructType(type));
		}
		catch (JacksonException | IllegalArgumentException ex) {
			throw new CodecException("Cannot convert to " + type.getTypeName(), ex);
		}
	}

}
