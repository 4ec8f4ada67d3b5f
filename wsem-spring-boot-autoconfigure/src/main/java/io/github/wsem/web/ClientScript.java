package io.github.wsem.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import org.springframework.core.io.ClassPathResource;
import org.springframework.http.MediaType;

/**
 * One variant of the browser client, prepared once: its text with the endpoint
 * written in, its media type and its strong ETag.
 *
 * @param body the bytes served
 * @param mediaType the content type
 * @param etag the quoted ETag
 */
record ClientScript(byte[] body, MediaType mediaType, String etag) {

	static final MediaType JAVASCRIPT = new MediaType("text", "javascript", StandardCharsets.UTF_8);

	private static final String ENDPOINT_PLACEHOLDER = "__WSEM_ENDPOINT__";

	private static final String MODULE_EXPORTS = "\nexport { WsEventMgr };\nexport default WsEventMgr;\n";

	static ClientScript classic(String endpoint) {
		return of(load("wsem.js").replace(ENDPOINT_PLACEHOLDER, endpoint), JAVASCRIPT);
	}

	static ClientScript module(String endpoint) {
		return of(load("wsem.js").replace(ENDPOINT_PLACEHOLDER, endpoint) + MODULE_EXPORTS, JAVASCRIPT);
	}

	static ClientScript declarations() {
		return of(load("wsem.d.ts"), new MediaType("text", "plain", StandardCharsets.UTF_8));
	}

	private static ClientScript of(String text, MediaType mediaType) {
		byte[] body = text.getBytes(StandardCharsets.UTF_8);
		return new ClientScript(body, mediaType, "\"" + sha256(body) + "\"");
	}

	private static String load(String name) {
		try (InputStream in = new ClassPathResource(name, ClientScript.class).getInputStream()) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read the wsem client " + name, ex);
		}
	}

	private static String sha256(byte[] body) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body), 0, 16);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
