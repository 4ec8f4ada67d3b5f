package io.github.wsem.bench.target.stomp;

import io.github.wsem.bench.target.MemoryEndpoint;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Import;
import org.springframework.messaging.handler.annotation.MessageMapping;
import org.springframework.messaging.handler.annotation.SendTo;
import org.springframework.messaging.simp.config.MessageBrokerRegistry;
import org.springframework.stereotype.Controller;
import org.springframework.web.socket.config.annotation.EnableWebSocketMessageBroker;
import org.springframework.web.socket.config.annotation.StompEndpointRegistry;
import org.springframework.web.socket.config.annotation.WebSocketMessageBrokerConfigurer;

/**
 * Spring STOMP with the simple broker, plain WebSocket (no SockJS): a {@code SEND} to
 * {@code /app/bench} is returned to every subscriber of {@code /topic/bench}.
 */
@SpringBootApplication
@EnableWebSocketMessageBroker
@Import(MemoryEndpoint.class)
public class StompTarget implements WebSocketMessageBrokerConfigurer {

	@Override
	public void registerStompEndpoints(StompEndpointRegistry registry) {
		registry.addEndpoint("/stomp").setAllowedOriginPatterns("*");
	}

	@Override
	public void configureMessageBroker(MessageBrokerRegistry registry) {
		registry.enableSimpleBroker("/topic");
		registry.setApplicationDestinationPrefixes("/app");
	}

	@Controller
	static class Bench {

		@MessageMapping("/bench")
		@SendTo("/topic/bench")
		String bench(String payload) {
			return payload;
		}

	}

}
