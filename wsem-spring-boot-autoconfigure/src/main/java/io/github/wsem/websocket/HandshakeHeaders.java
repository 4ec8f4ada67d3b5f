package io.github.wsem.websocket;

import java.util.Arrays;
import java.util.Enumeration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;

/**
 * The headers of a handshake as name and value pairs in one array, with the names shared
 * between connections: a fraction of what {@link HttpHeaders} keeps per connection.
 * {@link #toHttpHeaders()} builds the read-only {@link HttpHeaders} the first time they
 * are asked for.
 */
final class HandshakeHeaders {

	private static final int MAX_SHARED_NAMES = 256;

	private static final Map<String, String> names = new ConcurrentHashMap<>();

	private final String[] pairs;

	private volatile @Nullable HttpHeaders headers;

	private HandshakeHeaders(String[] pairs) {
		this.pairs = pairs;
	}

	static HandshakeHeaders of(HttpServletRequest request) {
		String[] pairs = new String[16];
		int size = 0;
		Enumeration<String> names = request.getHeaderNames();
		while (names.hasMoreElements()) {
			String name = shared(names.nextElement());
			Enumeration<String> values = request.getHeaders(name);
			while (values.hasMoreElements()) {
				if (size == pairs.length) {
					pairs = Arrays.copyOf(pairs, size * 2);
				}
				pairs[size++] = name;
				pairs[size++] = values.nextElement();
			}
		}
		return new HandshakeHeaders(Arrays.copyOf(pairs, size));
	}

	private static String shared(String name) {
		String shared = names.get(name);
		if (shared != null) {
			return shared;
		}
		if (names.size() < MAX_SHARED_NAMES) {
			String previous = names.putIfAbsent(name, name);
			return (previous != null) ? previous : name;
		}
		return name;
	}

	/**
	 * Return the headers, built the first time and kept.
	 */
	HttpHeaders toHttpHeaders() {
		HttpHeaders headers = this.headers;
		if (headers == null) {
			headers = build();
			this.headers = headers;
		}
		return headers;
	}

	/**
	 * Build the headers afresh, without keeping them.
	 */
	HttpHeaders build() {
		HttpHeaders built = new HttpHeaders();
		for (int i = 0; i < this.pairs.length; i += 2) {
			built.add(this.pairs[i], this.pairs[i + 1]);
		}
		return HttpHeaders.readOnlyHttpHeaders(built);
	}

}
