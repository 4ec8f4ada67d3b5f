package io.github.wsem.core;

/**
 * Rules for event and room names of the wire protocol.
 *
 * <p>
 * Public because the one rule is applied in three packages: by the core to frames and
 * emits, by the SSE endpoint to the rooms a stream asks for, and by property binding to
 * {@code wsem.register-event-name} and {@code wsem.unregister-event-name}; an application
 * may check a name with it before emitting, too. No other package uses it
 * ({@code ArchitectureTests}).
 */
public final class EventNames {

	/** Prefix of the names reserved for the protocol. */
	public static final String RESERVED_PREFIX = "wsem:";

	/** Longest allowed name, in UTF-16 code units. */
	public static final int MAX_LENGTH = 128;

	private EventNames() {
	}

	/**
	 * Whether the given name is a valid event or room name: not empty, at most
	 * {@value #MAX_LENGTH} characters, and free of control characters.
	 * @param name the name to check
	 * @return {@code true} if the name may be used on the wire
	 */
	public static boolean isValid(String name) {
		if (name.isEmpty() || name.length() > MAX_LENGTH) {
			return false;
		}
		for (int i = 0; i < name.length(); i++) {
			char c = name.charAt(i);
			if (c <= 0x1F || (c >= 0x7F && c <= 0x9F)) {
				return false;
			}
		}
		return true;
	}

	static void require(String name) {
		if (!isValid(name)) {
			throw new IllegalArgumentException("Invalid event or room name: '" + name + "'");
		}
	}

	/**
	 * Check a name the application emits or sends: valid, and not reserved, so that no
	 * application event can pass for a protocol frame such as {@code wsem:ack}.
	 * @throws IllegalArgumentException naming the rule the name breaks
	 */
	static void requireApplicationName(String name) {
		require(name);
		if (isReserved(name)) {
			throw new IllegalArgumentException(
					"Event name '" + name + "' is reserved: names starting with " + RESERVED_PREFIX
							+ " belong to the wire protocol: the application cannot emit, send or handle them");
		}
	}

	/**
	 * Whether the given name is reserved for the protocol.
	 * @param name the name to check
	 * @return {@code true} if the name starts with {@value #RESERVED_PREFIX}
	 */
	public static boolean isReserved(String name) {
		return name.startsWith(RESERVED_PREFIX);
	}

}
