package io.github.wsem.autoconfigure;

import io.github.wsem.codec.Jackson2Codec;
import io.github.wsem.codec.Jackson3Codec;
import io.github.wsem.core.JsonCodec;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The {@link JsonCodec} chosen by {@code wsem.json-mapper}, imported in order of
 * preference.
 */
final class JsonCodecConfigurations {

	private static final String PROPERTY = "wsem.json-mapper";

	private JsonCodecConfigurations() {
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(JsonMapper.class)
	@ConditionalOnProperty(name = PROPERTY, havingValue = "jackson")
	static class Jackson3Configuration {

		@Bean
		@ConditionalOnMissingBean
		JsonCodec wsemJsonCodec(ObjectProvider<JsonMapper> jsonMapper) {
			return new Jackson3Codec(jsonMapper.getIfAvailable(() -> JsonMapper.builder().build()));
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(JsonMapper.class)
	@ConditionalOnBean(JsonMapper.class)
	@ConditionalOnProperty(name = PROPERTY, havingValue = "auto", matchIfMissing = true)
	static class ApplicationJackson3Configuration {

		@Bean
		@ConditionalOnMissingBean
		JsonCodec wsemJsonCodec(JsonMapper jsonMapper) {
			return new Jackson3Codec(jsonMapper);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(com.fasterxml.jackson.databind.ObjectMapper.class)
	@ConditionalOnProperty(name = PROPERTY, havingValue = "jackson2")
	static class Jackson2Configuration {

		@Bean
		@ConditionalOnMissingBean
		JsonCodec wsemJsonCodec(ObjectProvider<com.fasterxml.jackson.databind.ObjectMapper> objectMapper) {
			return jackson2Codec(objectMapper);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(com.fasterxml.jackson.databind.ObjectMapper.class)
	@ConditionalOnProperty(name = PROPERTY, havingValue = "auto", matchIfMissing = true)
	static class FallbackJackson2Configuration {

		@Bean
		@ConditionalOnMissingBean
		JsonCodec wsemJsonCodec(ObjectProvider<com.fasterxml.jackson.databind.ObjectMapper> objectMapper) {
			return jackson2Codec(objectMapper);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(JsonMapper.class)
	@ConditionalOnProperty(name = PROPERTY, havingValue = "auto", matchIfMissing = true)
	static class FallbackJackson3Configuration {

		@Bean
		@ConditionalOnMissingBean
		JsonCodec wsemJsonCodec() {
			return new Jackson3Codec(JsonMapper.builder().build());
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnMissingClass("tools.jackson.databind.json.JsonMapper")
	@ConditionalOnProperty(name = PROPERTY, havingValue = "jackson")
	static class MissingJackson3Configuration {

		@Bean
		@ConditionalOnMissingBean
		JsonCodec wsemJsonCodec() {
			throw new IllegalStateException(
					PROPERTY + "=jackson needs Jackson 3 (tools.jackson.core:jackson-databind) on the class path");
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnMissingClass("com.fasterxml.jackson.databind.ObjectMapper")
	@ConditionalOnProperty(name = PROPERTY, havingValue = "jackson2")
	static class MissingJackson2Configuration {

		@Bean
		@ConditionalOnMissingBean
		JsonCodec wsemJsonCodec() {
			throw new IllegalStateException(PROPERTY
					+ "=jackson2 needs Jackson 2 (com.fasterxml.jackson.core:jackson-databind) on the class path");
		}

	}

	private static JsonCodec jackson2Codec(ObjectProvider<com.fasterxml.jackson.databind.ObjectMapper> objectMapper) {
		return new Jackson2Codec(objectMapper.getIfAvailable(
				() -> com.fasterxml.jackson.databind.json.JsonMapper.builder().findAndAddModules().build()));
	}

}
