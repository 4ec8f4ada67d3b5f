package io.github.wsem.autoconfigure;

import io.github.wsem.core.ProtocolSettings;

/**
 * The protocol settings of the {@code wsem.*} defaults, for tests that build a node by
 * hand.
 */
public final class DefaultProtocolSettings {

	private DefaultProtocolSettings() {
	}

	public static ProtocolSettings get() {
		return new WsemProperties().toProtocolSettings();
	}

}
