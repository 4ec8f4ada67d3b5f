package io.github.wsem.client.hostile;

import java.nio.ByteBuffer;
import java.util.List;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.handler.TextWebSocketHandler;

/**
 * A server that speaks wsem badly at {@code /hostile}: after a welcome it sends frames no
 * client can read, then one good event.
 */
@SpringBootApplication
@EnableWebSocket
@RestController
public class HostileServerApplication {

	/** What the server sends after its welcome; only the last frame is good. */
	public static final List<String> FRAMES = List.of("not json", "[1,2]", "{\"event\":5}", "{\"data\":1}",
			"{\"event\":\"wsem:ack\",\"ack\":\"x\"}", "{\"event\":\"tick\",\"data\":\"not a number\"}",
			"{\"event\":\"wsem:error\"}", "{\"event\":\"tick\",\"data\":7,\"id\":\"a\"}");

	private static final String WELCOME = "{\"event\":\"wsem:welcome\",\"data\":{\"id\":\"h1\",\"protocol\":1}}";

	@Bean
	WebSocketConfigurer hostileWebSocket() {
		return (registry) -> registry.addHandler(new TextWebSocketHandler() {

			@Override
			public void afterConnectionEstablished(WebSocketSession session) throws Exception {
				session.sendMessage(new TextMessage(WELCOME));
				session.sendMessage(new BinaryMessage(ByteBuffer.wrap(new byte[] { 1, 2, 3 })));
				for (String frame : FRAMES) {
					session.sendMessage(new TextMessage(frame));
				}
			}

		}, "/hostile");
	}

	@GetMapping(path = "/hostile/sse", produces = "text/event-stream")
	String stream() {
		StringBuilder stream = new StringBuilder("retry: 1000\n: hello\n\nid: 1\ndata: " + WELCOME + "\n\n");
		stream.append("event: odd\nbogus field\n\n");
		for (String frame : FRAMES) {
			stream.append("data: ").append(frame).append("\n\n");
		}
		return stream.toString();
	}

}
