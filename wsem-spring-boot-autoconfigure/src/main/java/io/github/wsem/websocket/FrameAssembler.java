package io.github.wsem.websocket;

import org.jspecify.annotations.Nullable;

/**
 * Joins the parts of one text message, up to a size limit in UTF-8 bytes, so that the
 * container's own buffers can stay small.
 */
final class FrameAssembler {

	enum Result {

		INCOMPLETE, COMPLETE, TOO_LARGE

	}

	private final long maxBytes;

	private @Nullable StringBuilder parts;

	private long bytes;

	private boolean tooLarge;

	private @Nullable String text;

	FrameAssembler(long maxBytes) {
		this.maxBytes = maxBytes;
	}

	/**
	 * Add one part of a message; called by one thread at a time.
	 */
	Result append(String part, boolean last) {
		if (!this.tooLarge) {
			this.bytes += utf8Length(part);
			this.tooLarge = this.bytes > this.maxBytes;
		}
		if (!this.tooLarge) {
			if (last && this.parts == null) {
				this.text = part;
			}
			else {
				if (this.parts == null) {
					this.parts = new StringBuilder(part.length() * 2);
				}
				this.parts.append(part);
				if (last) {
					this.text = this.parts.toString();
				}
			}
		}
		else {
			this.parts = null;
		}
		if (!last) {
			return Result.INCOMPLETE;
		}
		Result result = this.tooLarge ? Result.TOO_LARGE : Result.COMPLETE;
		this.parts = null;
		this.bytes = 0;
		this.tooLarge = false;
		return result;
	}

	/**
	 * Return the message completed by the last {@link #append}, once.
	 */
	String take() {
		String complete = this.text;
		this.text = null;
		return (complete != null) ? complete : "";
	}

	static long utf8Length(String text) {
		long length = text.length();
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c >= 0x800) {
				// three bytes, or two for each half of a surrogate pair, which a part
				// may end between
				length += Character.isSurrogate(c) ? 1 : 2;
			}
			else if (c >= 0x80) {
				length += 1;
			}
		}
		return length;
	}

}
