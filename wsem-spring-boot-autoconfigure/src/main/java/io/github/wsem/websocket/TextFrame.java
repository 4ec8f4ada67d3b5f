package io.github.wsem.websocket;

import java.nio.charset.StandardCharsets;

import io.github.wsem.core.OutboundEvent;
import io.github.wsem.core.OutboundText;

/**
 * One outgoing text message: its text, and the whole unmasked WebSocket frame in UTF-8,
 * built once and shared by every recipient of an emitted event.
 */
final class TextFrame {

	private static final byte FIN_TEXT = (byte) 0x81;

	private final String text;

	private final byte[] wire;

	private TextFrame(String text, byte[] wire) {
		this.text = text;
		this.wire = wire;
	}

	static TextFrame of(String text) {
		byte[] payload = text.getBytes(StandardCharsets.UTF_8);
		int length = payload.length;
		int headerLength = (length < 126) ? 2 : (length <= 0xFFFF) ? 4 : 10;
		byte[] wire = new byte[headerLength + length];
		wire[0] = FIN_TEXT;
		if (length < 126) {
			wire[1] = (byte) length;
		}
		else if (length <= 0xFFFF) {
			wire[1] = 126;
			wire[2] = (byte) (length >>> 8);
			wire[3] = (byte) length;
		}
		else {
			wire[1] = 127;
			for (int i = 0; i < 8; i++) {
				wire[2 + i] = (byte) ((long) length >>> (56 - 8 * i));
			}
		}
		System.arraycopy(payload, 0, wire, headerLength, length);
		return new TextFrame(text, wire);
	}

	/**
	 * The frame of an emitted event, made by its first recipient and shared.
	 */
	static TextFrame of(OutboundEvent event) {
		return event.rendered(TextFrame.class, (rendered) -> of(rendered.frame()));
	}

	/**
	 * The bytes the frame counts against the send buffer limit.
	 */
	int size() {
		return this.wire.length;
	}

	/**
	 * The frame of a text sent to several clients, made by its first recipient and
	 * shared.
	 */
	static TextFrame of(OutboundText text) {
		return text.rendered(TextFrame.class, (rendered) -> of(rendered.text()));
	}

	String text() {
		return this.text;
	}

	/**
	 * The frame as it goes on the wire; must not be modified.
	 */
	byte[] wire() {
		return this.wire;
	}

}
