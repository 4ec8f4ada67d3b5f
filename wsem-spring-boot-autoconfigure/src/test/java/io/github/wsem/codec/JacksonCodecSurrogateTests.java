package io.github.wsem.codec;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.wsem.core.JsonCodec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Unpaired surrogates, which a client can send as JSON escapes, written back so that the
 * frame is valid UTF-8.
 */
class JacksonCodecSurrogateTests {

	static List<JsonCodec> codecs() {
		return List.of(new Jackson3Codec(JsonMapper.builder().build()), new Jackson2Codec(new ObjectMapper()));
	}

	@ParameterizedTest
	@MethodSource("codecs")
	void writesAnUnpairedSurrogateAsAnEscape(JsonCodec codec) {
		String json = codec.encodeFrame("wsem:error", Map.of("message", "No handler for event \udd30x\ud800"), 7L,
				null);
		assertThat(json).contains("\\udd30x\\ud800");
		assertThat(StandardCharsets.UTF_8.newEncoder().canEncode(json)).isTrue();
		assertThat(codec.decode(json)).extracting("data")
			.extracting("message")
			.isEqualTo("No handler for event \udd30x\ud800");
	}

	@ParameterizedTest
	@MethodSource("codecs")
	void readsTheEscapeBackAsTheSameString(JsonCodec codec) {
		String text = "a\udc00b\ud83d\ude00c\ud83d";
		assertThat(codec.decode(codec.encode(List.of(text)))).isEqualTo(List.of(text));
	}

	@ParameterizedTest
	@MethodSource("codecs")
	void keepsSurrogatePairsAsTheyAre(JsonCodec codec) {
		assertThat(codec.encode("smile \ud83d\ude00")).isEqualTo("\"smile \ud83d\ude00\"");
	}

}
