package io.github.wsem.core;

import java.util.function.Function;

/**
 * A text frame written once for several recipients, such as a direct message to several
 * clients; like {@link OutboundEvent}, other renderings of it (an SSE message) are made
 * on first use and shared.
 */
public final class OutboundText {

	private final String text;

	private final Renderings renderings = new Renderings();

	/**
	 * Create a frame.
	 * @param text the frame's text, as a WebSocket client gets it
	 */
	public OutboundText(String text) {
		this.text = text;
	}

	/**
	 * Return the frame's text.
	 * @return the text
	 */
	public String text() {
		return this.text;
	}

	/**
	 * Return another rendering of this frame, made by the first caller with that key and
	 * shared with the others.
	 * @param key identifies the rendering
	 * @param renderer makes the rendering from this frame
	 * @param <T> the rendering's type
	 * @return the rendering
	 */
	public <T> T rendered(Object key, Function<OutboundText, T> renderer) {
		return this.renderings.get(key, this, renderer);
	}

}
