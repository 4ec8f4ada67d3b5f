package io.github.wsem.websocket;

import java.nio.charset.StandardCharsets;

import io.github.wsem.websocket.FrameAssembler.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link FrameAssembler}.
 */
class FrameAssemblerTests {

	@Test
	void passesAWholeMessageThrough() {
		FrameAssembler assembler = new FrameAssembler(10);
		assertThat(assembler.append("whole", true)).isEqualTo(Result.COMPLETE);
		assertThat(assembler.take()).isEqualTo("whole");
	}

	@Test
	void joinsThePartsOfAMessage() {
		FrameAssembler assembler = new FrameAssembler(10);
		assertThat(assembler.append("ab", false)).isEqualTo(Result.INCOMPLETE);
		assertThat(assembler.append("cd", false)).isEqualTo(Result.INCOMPLETE);
		assertThat(assembler.append("ef", true)).isEqualTo(Result.COMPLETE);
		assertThat(assembler.take()).isEqualTo("abcdef");
	}

	@Test
	void acceptsAMessageOfExactlyTheLimit() {
		FrameAssembler assembler = new FrameAssembler(4);
		assembler.append("ab", false);
		assertThat(assembler.append("cd", true)).isEqualTo(Result.COMPLETE);
	}

	@Test
	void reportsAMessageOverTheLimitOnItsLastPart() {
		FrameAssembler assembler = new FrameAssembler(4);
		assertThat(assembler.append("abc", false)).isEqualTo(Result.INCOMPLETE);
		assertThat(assembler.append("de", false)).isEqualTo(Result.INCOMPLETE);
		assertThat(assembler.append("f", true)).isEqualTo(Result.TOO_LARGE);
	}

	@Test
	void startsAfreshAfterAMessageOverTheLimit() {
		FrameAssembler assembler = new FrameAssembler(4);
		assembler.append("abcde", false);
		assembler.append("f", true);
		assertThat(assembler.append("ok", true)).isEqualTo(Result.COMPLETE);
		assertThat(assembler.take()).isEqualTo("ok");
	}

	@Test
	void measuresTheLimitInUtf8Bytes() {
		FrameAssembler assembler = new FrameAssembler(5);
		assertThat(assembler.append("\u20AC\u20AC", true)).isEqualTo(Result.TOO_LARGE);
	}

	@Test
	void countsASurrogatePairSplitBetweenTwoPartsAsFourBytes() {
		assertThat(FrameAssembler.utf8Length("a\uD83D") + FrameAssembler.utf8Length("\uDE00b")).isEqualTo(6);
	}

	@ParameterizedTest
	@ValueSource(strings = { "plain", "caf\u00E9", "\u20AC uro", "\uD83D\uDE00", "a\uD83D\uDE00b\u00E9\u20AC",
			"\uD83D\uDE00\uD83D\uDE00\uD83D\uDE00" })
	void countsTheUtf8LengthOfText(String text) {
		assertThat(FrameAssembler.utf8Length(text)).isEqualTo(text.getBytes(StandardCharsets.UTF_8).length);
	}

}
