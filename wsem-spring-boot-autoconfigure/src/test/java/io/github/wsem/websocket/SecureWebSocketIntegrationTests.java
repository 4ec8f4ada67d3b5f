package io.github.wsem.websocket;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import io.github.wsem.core.EventManager;
import io.github.wsem.ssetest.SseTestApplication;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code wss://} through Spring Boot's own SSL configuration, with a self-signed
 * certificate made by the JDK's keytool for this test.
 */
@SpringBootTest(classes = SseTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
class SecureWebSocketIntegrationTests {

	private static final String PASSWORD = "changeit";

	private static Path keyStore;

	@LocalServerPort
	int port;

	@Autowired
	EventManager events;

	@DynamicPropertySource
	static void ssl(DynamicPropertyRegistry registry) throws Exception {
		keyStore = Files.createTempDirectory("wsem-ssl").resolve("server.p12");
		String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
		Process process = new ProcessBuilder(keytool, "-genkeypair", "-alias", "wsem", "-keyalg", "EC", "-groupname",
				"secp256r1", "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2",
				"-storetype", "PKCS12", "-keystore", keyStore.toString(), "-storepass", PASSWORD)
			.redirectErrorStream(true)
			.start();
		String output = new String(process.getInputStream().readAllBytes());
		assertThat(process.waitFor()).as(output).isZero();
		registry.add("server.ssl.key-store", () -> "file:" + keyStore);
		registry.add("server.ssl.key-store-password", () -> PASSWORD);
		registry.add("server.ssl.key-store-type", () -> "PKCS12");
	}

	@Test
	void secureWebSocketCarriesTheProtocol() throws Exception {
		BlockingQueue<String> frames = new LinkedBlockingQueue<>();
		HttpClient http = HttpClient.newBuilder().sslContext(trustingOurCertificate()).build();
		WebSocket socket = http.newWebSocketBuilder()
			.subprotocols("wsem.v1")
			.buildAsync(URI.create("wss://localhost:" + this.port + "/wsem"), new WebSocket.Listener() {
				@Override
				public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
					frames.add(data.toString());
					webSocket.request(1);
					return null;
				}
			})
			.get(10, TimeUnit.SECONDS);
		try {
			assertThat(socket.getSubprotocol()).isEqualTo("wsem.v1");
			assertThat(frames.poll(5, TimeUnit.SECONDS)).startsWith("{\"event\":\"wsem:welcome\"");
			socket.sendText("{\"event\":\"wsem:register\",\"data\":\"secure\",\"ack\":1}", true);
			assertThat(frames.poll(5, TimeUnit.SECONDS)).contains("\"wsem:ack\"");
			this.events.emit("secure", Map.of("ok", true));
			assertThat(frames.poll(5, TimeUnit.SECONDS))
				.startsWith("{\"event\":\"secure\",\"data\":{\"ok\":true},\"id\":");
		}
		finally {
			socket.sendClose(1000, "").get(5, TimeUnit.SECONDS);
		}
		await().until(() -> this.events.clients().count() == 0);
	}

	private static SSLContext trustingOurCertificate() throws Exception {
		KeyStore store = KeyStore.getInstance("PKCS12");
		try (InputStream in = Files.newInputStream(keyStore)) {
			store.load(in, PASSWORD.toCharArray());
		}
		KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
		trusted.load(null, null);
		trusted.setCertificateEntry("wsem", store.getCertificate("wsem"));
		TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
		factory.init(trusted);
		SSLContext context = SSLContext.getInstance("TLS");
		context.init(null, factory.getTrustManagers(), null);
		return context;
	}

}
