package io.github.wsem.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the configuration metadata generated from {@link WsemProperties}, which the
 * IDE shows as completion.
 */
class WsemPropertiesMetadataTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	@Test
	void describesEveryPropertyTheIssueNames() throws IOException {
		assertThat(properties()).extracting((property) -> property.path("name").asString())
			.contains("wsem.enabled", "wsem.endpoint", "wsem.register-event-name", "wsem.unregister-event-name",
					"wsem.client-script-url", "wsem.allowed-origins", "wsem.max-frame-size",
					"wsem.max-rooms-per-client", "wsem.max-errors-per-minute", "wsem.send-buffer-limit",
					"wsem.send-time-limit", "wsem.json-mapper");
	}

	/**
	 * Properties whose default is "not set" or the machine's, said so in their
	 * description.
	 */
	private static final Set<String> UNSET_BY_DEFAULT = Set.of("wsem.sse.timeout", "wsem.websocket.writer-threads");

	@Test
	void givesEveryPropertyADescriptionAndADefault() throws IOException {
		assertThat(properties()).allSatisfy((property) -> {
			assertThat(property.path("description").asString()).as("description of %s", property).isNotBlank();
			if (!UNSET_BY_DEFAULT.contains(property.path("name").asString())) {
				assertThat(property.has("defaultValue")).as("default of %s", property).isTrue();
			}
		});
	}

	@Test
	void documentsTheProtocolDefaults() throws IOException {
		assertThat(defaultOf("wsem.endpoint")).isEqualTo("/wsem");
		assertThat(defaultOf("wsem.register-event-name")).isEqualTo("wsem:register");
		assertThat(defaultOf("wsem.unregister-event-name")).isEqualTo("wsem:unregister");
		assertThat(defaultOf("wsem.client-script-url")).isEqualTo("/wsem.js");
		assertThat(defaultOf("wsem.max-frame-size")).isEqualTo("64KB");
		assertThat(defaultOf("wsem.max-errors-per-minute")).isEqualTo("100");
		assertThat(defaultOf("wsem.send-buffer-limit")).isEqualTo("512KB");
		assertThat(defaultOf("wsem.send-time-limit")).isEqualTo("10s");
		assertThat(defaultOf("wsem.websocket.max-connections")).isEqualTo("20000");
	}

	@Test
	void groupsTheWebSocketOnlyProperties() throws IOException {
		assertThat(properties()).extracting((property) -> property.path("name").asString())
			.contains("wsem.websocket.subprotocols", "wsem.websocket.max-connections", "wsem.websocket.writer-threads")
			.doesNotContain("wsem.subprotocols", "wsem.max-connections", "wsem.writer-threads");
	}

	private static String defaultOf(String name) throws IOException {
		return properties().stream()
			.filter((property) -> name.equals(property.path("name").asString()))
			.findFirst()
			.orElseThrow()
			.path("defaultValue")
			.asString();
	}

	/**
	 * The {@code wsem.*} properties of every metadata file on the class path, as other
	 * jars have their own.
	 */
	private static List<JsonNode> properties() throws IOException {
		List<JsonNode> properties = new ArrayList<>();
		Enumeration<URL> files = WsemProperties.class.getClassLoader()
			.getResources("META-INF/spring-configuration-metadata.json");
		while (files.hasMoreElements()) {
			try (InputStream metadata = files.nextElement().openStream()) {
				json.readTree(metadata).path("properties").forEach((property) -> {
					if (property.path("name").asString().startsWith("wsem.")) {
						properties.add(property);
					}
				});
			}
		}
		return properties;
	}

}
