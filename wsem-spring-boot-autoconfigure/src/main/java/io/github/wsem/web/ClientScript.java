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
 * One variant of the browser client, prepared once: its text with the endpoint written
 * in, its media type and its strong ETag.
 *
 * @param body the bytes served
 * @param mediaType the content type
 * @param etag the quoted ETag
 */
record ClientScript(byte[] body, MediaType mediaType, String etag) {

	static final MediaType JAVASCRIPT = new MediaType("text", "javascript", StandardCharsets.UTF_8);

	private static final String MODULE_EXPORTS = "\nexport { WsEventMgr };\nexport default WsEventMgr;\n";

	static ClientScript classic(ClientScriptSettings settings) {
		return of(configured(settings), JAVASCRIPT);
	}

	static ClientScript module(ClientScriptSettings settings) {
		return of(configured(settings) + MODULE_EXPORTS, JAVASCRIPT);
	}

	static ClientScript declarations() {
		return of(load("wsem.d.ts"), new MediaType("text", "plain", StandardCharsets.UTF_8));
	}

	private static ClientScript of(String text, MediaType mediaType) {
		byte[] body = text.getBytes(StandardCharsets.UTF_8);
		return new ClientScript(body, mediaType, "\"" + sha256(body) + "\"");
	}

	private static String configured(ClientScriptSettings settings) {
		return load("wsem.js").replace("\"__WSEM_ENDPOINT__\"", jsString(settings.endpoint()))
			.replace("\"__WSEM_REGISTER__\"", jsString(settings.registerEventName()))
			.replace("\"__WSEM_UNREGISTER__\"", jsString(settings.unregisterEventName()));
	}

	private static String jsString(String value) {
		return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
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
