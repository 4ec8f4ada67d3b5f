package io.github.wsem.bench.target.raw;

import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.github.wsem.bench.target.MemoryEndpoint;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Import;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import org.springframework.web.socket.handler.TextWebSocketHandler;

/**
 * Raw Tomcat WebSocket through Spring's {@link TextWebSocketHandler}, container defaults:
 * every text message is sent as-is to every other open session. The floor of wsem's
 * stack.
 */
@SpringBootApplication
@EnableWebSocket
@Import(MemoryEndpoint.class)
public class RawTarget implements WebSocketConfigurer {

	@Override
	public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
		registry.addHandler(new Broadcaster(), "/raw").setAllowedOriginPatterns("*");
	}

	static final class Broadcaster extends TextWebSocketHandler {

		private final Set<WebSocketSession> sessions = ConcurrentHashMap.newKeySet();

		@Override
		public void afterConnectionEstablished(WebSocketSession session) {
			this.sessions.add(session);
		}

		@Override
		protected void handleTextMessage(WebSocketSession session, TextMessage message) {
			for (WebSocketSession other : this.sessions) {
				if (other != session && other.isOpen()) {
					try {
						other.sendMessage(message);
					}
					catch (IOException | IllegalStateException ex) {
						// the session is closing; afterConnectionClosed removes it
					}
				}
			}
		}

		@Override
		public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
			this.sessions.remove(session);
		}

	}

}
