package io.github.wsem.client.server;

import java.io.IOException;
import java.util.Map;

import io.github.wsem.core.Client;
import io.github.wsem.core.EventManager;
import io.github.wsem.core.WsemException;
import io.github.wsem.core.WsemListener;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The server of the client tests: a {@code note} emit is broadcast to the {@code note}
 * room and acked with what was broadcast; {@code fail} is refused.
 */
@SpringBootApplication
public class ClientTestApplication {

	/**
	 * A proxy that lets no WebSocket through, with {@code test.block-websocket=true}.
	 * @return the filter
	 */
	@Bean
	@ConditionalOnBooleanProperty("test.block-websocket")
	OncePerRequestFilter webSocketBlocker() {
		return new OncePerRequestFilter() {

			@Override
			protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
					throws ServletException, IOException {
				if ("websocket".equalsIgnoreCase(request.getHeader("Upgrade"))) {
					response.sendError(403);
					return;
				}
				chain.doFilter(request, response);
			}

		};
	}

	/**
	 * A note of the tests.
	 *
	 * @param text the text
	 * @param number a number
	 */
	public record Note(String text, int number) {
	}

	@Component
	static class Notes {

		private final EventManager events;

		Notes(EventManager events) {
			this.events = events;
		}

		@WsemListener("note")
		Note note(Note note) {
			this.events.emit("note", note);
			return note;
		}

		@WsemListener("whoami")
		Map<String, String> whoami(Client client) {
			return Map.of("id", client.id());
		}

		@WsemListener("fail")
		Object fail() {
			throw new WsemException("nope", "Refused");
		}

	}

}
