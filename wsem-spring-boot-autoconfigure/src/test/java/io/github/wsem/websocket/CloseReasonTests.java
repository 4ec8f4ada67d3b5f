package io.github.wsem.websocket;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the close reason cut of {@link WebSocketClientSession}.
 */
class CloseReasonTests {

	@Test
	void keepsAReasonThatFits() {
		assertThat(WebSocketClientSession.truncate("Go away")).isEqualTo("Go away");
	}

	@Test
	void keepsAReasonOfExactly123Bytes() {
		String reason = "x".repeat(123);
		assertThat(WebSocketClientSession.truncate(reason)).isEqualTo(reason);
	}

	@Test
	void cutsALongReasonTo123Bytes() {
		assertThat(WebSocketClientSession.truncate("x".repeat(200))).isEqualTo("x".repeat(123));
	}

	@Test
	void cutsBetweenCharactersNeverInsideOne() {
		String cut = WebSocketClientSession.truncate("a" + "\uD83D\uDE00".repeat(40));
		assertThat(cut.getBytes(StandardCharsets.UTF_8)).hasSize(1 + 30 * 4);
		assertThat(cut).isEqualTo("a" + "\uD83D\uDE00".repeat(30));
	}

}
