package io.github.wsem.websocket;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

import org.springframework.util.StringUtils;

/**
 * The subprotocols an endpoint selects from, in its order of preference; tokens are
 * compared case-insensitively (RFC 6455 leaves their case to the application, and
 * browsers send them as the page wrote them).
 */
final class Subprotocols {

	private final List<String> supported;

	Subprotocols(List<String> supported) {
		this.supported = supported.stream().map((token) -> token.toLowerCase(Locale.ROOT)).toList();
	}

	/**
	 * Return the first supported subprotocol that the client offers, spelled as the
	 * client offered it (the client checks the answer against its offer).
	 * @param offered the offered tokens
	 * @return the selected token, or {@code null} if none is supported
	 */
	@Nullable String select(List<String> offered) {
		for (String wanted : this.supported) {
			for (String token : offered) {
				if (token.trim().toLowerCase(Locale.ROOT).equals(wanted)) {
					return token.trim();
				}
			}
		}
		return null;
	}

	/**
	 * Split {@code Sec-WebSocket-Protocol} header values into tokens.
	 * @param values the header values
	 * @return the non-empty tokens, in order
	 */
	static List<String> tokens(List<String> values) {
		List<String> tokens = new ArrayList<>();
		for (String value : values) {
			for (String token : StringUtils.commaDelimitedListToStringArray(value)) {
				if (StringUtils.hasText(token)) {
					tokens.add(token.trim());
				}
			}
		}
		return tokens;
	}

}
