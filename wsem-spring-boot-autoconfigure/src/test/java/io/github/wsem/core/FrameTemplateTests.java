package io.github.wsem.core;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.wsem.codec.Jackson2Codec;
import io.github.wsem.codec.Jackson3Codec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.core.json.JsonWriteFeature;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The frames rendered from a template are the frames the codec writes.
 */
class FrameTemplateTests {

	private static final List<String> VALUES = List.of("Ab-_9.:x", "", "quote\"back\\slash", "tab\tnew\nline",
			"caf\u00e9 \ud83d\ude00", "\u2028", "</script>");

	static List<JsonCodec> codecs() {
		return List.of(new Jackson3Codec(JsonMapper.builder().build()), new Jackson2Codec(new ObjectMapper()),
				new Jackson3Codec(JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build()));
	}

	@ParameterizedTest
	@MethodSource("codecs")
	void rendersWhatTheCodecWrites(JsonCodec codec) {
		FrameTemplate template = FrameTemplate.encode(codec, "wsem:ack",
				Map.of("rooms", List.of(FrameTemplate.STRING_SLOT)), FrameTemplate.NUMBER_SLOT, Long.class,
				String.class);
		assertThat(template).isNotNull();
		for (String value : VALUES) {
			for (long ack : new long[] { 1, 42, (1L << 53) - 1 }) {
				assertThat(template.render(ack, value))
					.isEqualTo(codec.encodeFrame("wsem:ack", Map.of("rooms", List.of(value)), ack, null));
			}
		}
	}

	@Test
	void isNoTemplateWhenTheCodecDoesNotWriteEachSlotOnce() {
		JsonCodec codec = new Jackson3Codec(JsonMapper.builder().build());
		assertThat(FrameTemplate.encode(codec, "wsem:welcome",
				Map.of("id", FrameTemplate.STRING_SLOT, "other", FrameTemplate.STRING_SLOT), null, String.class))
			.isNull();
		assertThat(FrameTemplate.encode(codec, "wsem:welcome", Map.of("id", "fixed"), null, String.class)).isNull();
	}

}
