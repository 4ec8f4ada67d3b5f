package io.github.wsem.ssetest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.github.wsem.core.Client;
import io.github.wsem.core.EventManager;
import io.github.wsem.core.WsemListener;
import io.github.wsem.sse.SseClient;
import io.github.wsem.sse.SseRegistry;
import io.github.wsem.test.ApplicationWithoutSecurity;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

@ApplicationWithoutSecurity
public class SseTestApplication {

	@Component
	public static class Handlers {

		public final List<String> received = new ArrayList<>();

		private final EventManager events;

		Handlers(EventManager events) {
			this.events = events;
		}

		@WsemListener("note")
		Map<String, Object> note(Map<String, Object> note, Client client) {
			synchronized (this.received) {
				this.received.add(String.valueOf(note.get("text")));
			}
			this.events.emit("note", note);
			return Map.of("from", client.transport().name());
		}

	}

	@RestController
	static class RoomController {

		private final SseRegistry sse;

		RoomController(SseRegistry sse) {
			this.sse = sse;
		}

		@GetMapping("/room/{roomId}")
		SseEmitter room(@PathVariable String roomId, HttpServletRequest request, HttpServletResponse response) {
			SseClient client = this.sse.add(request, response);
			this.sse.join(client, roomId);
			return client.emitter();
		}

	}

}
