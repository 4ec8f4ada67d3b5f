package io.github.wsem.sse;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import io.github.wsem.core.ClientHub;
import io.github.wsem.core.ErrorCode;
import io.github.wsem.core.EventNames;
import io.github.wsem.core.JsonCodec;
import io.github.wsem.core.WsemException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.StringUtils;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The SSE endpoints of PROTOCOL.md section 7: {@code GET {endpoint}/sse} opens a stream
 * for the rooms of {@code events=} and {@code rooms=} (those the
 * {@link io.github.wsem.core.WsemAuthorizer} allows; the others are named in a
 * {@code forbidden} error on the stream), {@code POST {endpoint}/emit} lets its client
 * emit, authenticated by the token of its welcome event.
 */
@RestController
public final class SseEndpoint {

	/** Header naming the emitting client. */
	public static final String CLIENT_HEADER = "Wsem-Client";

	/** Header carrying the client's token. */
	public static final String TOKEN_HEADER = "Wsem-Token";

	/**
	 * Header saying where the answer to a frame with an ack goes: {@code stream} to the
	 * client's event stream, so that the request is answered 202 as soon as the frame is
	 * dispatched; absent, in the response body (PROTOCOL.md section 7).
	 */
	public static final String ACK_HEADER = "Wsem-Ack";

	private static final String ACK_ON_STREAM = "stream";

	/**
	 * Media type of a body holding several frames, one a line, dispatched in order; only
	 * with {@code Wsem-Ack: stream}.
	 */
	public static final MediaType FRAMES_TYPE = MediaType.parseMediaType("application/x-ndjson");

	/** Most frames of one batch body. */
	static final int MAX_BATCH = 64;

	private static final String UNREADABLE = "";

	private final SseRegistry registry;

	private final ClientHub hub;

	private final JsonCodec codec;

	private final SseSettings settings;

	private final int maxRooms;

	/**
	 * Create the endpoint.
	 * @param registry the registry of SSE clients
	 * @param hub the hub
	 * @param codec the JSON codec
	 * @param settings the SSE settings
	 * @param maxRooms the most rooms one stream may name
	 */
	public SseEndpoint(SseRegistry registry, ClientHub hub, JsonCodec codec, SseSettings settings, int maxRooms) {
		this.registry = registry;
		this.hub = hub;
		this.codec = codec;
		this.settings = settings;
		this.maxRooms = maxRooms;
	}

	/**
	 * Open an event stream.
	 * @param events comma-separated rooms
	 * @param rooms comma-separated rooms, a synonym
	 * @param request the request
	 * @param response the response
	 * @return the emitter of the new client
	 */
	@GetMapping("/sse")
	public SseEmitter stream(@RequestParam(required = false) @Nullable String events,
			@RequestParam(required = false) @Nullable String rooms, HttpServletRequest request,
			HttpServletResponse response) {
		Set<String> names = new LinkedHashSet<>();
		names.addAll(StringUtils.commaDelimitedListToSet(events));
		names.addAll(StringUtils.commaDelimitedListToSet(rooms));
		names.removeIf(String::isEmpty);
		for (String name : names) {
			if (!EventNames.isValid(name)) {
				throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "Invalid room name");
			}
		}
		if (names.size() > this.maxRooms) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "At most " + this.maxRooms + " rooms");
		}
		if (this.registry.size() >= this.settings.maxClients()) {
			response.setHeader("Retry-After", "5");
			throw new ResponseStatusException(HttpStatus.SERVICE_UNAVAILABLE, "Too many streams on this node");
		}
		String lastEventId = request.getHeader("Last-Event-ID");
		Set<String> refused = new LinkedHashSet<>();
		Map<String, String> start = new LinkedHashMap<>();
		SseClientSession client;
		try {
			client = this.registry.add(request, response, (created) -> {
				names.stream().filter((name) -> !this.hub.authorizeRegister(created, name)).forEach(refused::add);
				names.removeAll(refused);
				start.putAll(startPositions(names, lastEventId));
				return start;
			});
		}
		catch (WsemException ex) {
			throw new ResponseStatusException(HttpStatus.FORBIDDEN, ex.getMessage());
		}
		for (String name : names) {
			if (this.hub.resume(client, name, start.get(name))) {
				client.sendText(this.hub.errorFrame(ErrorCode.RECOVERY_INCOMPLETE,
						"Some events of " + name + " are no longer kept", Map.of("room", name)));
			}
		}
		if (!refused.isEmpty()) {
			client.sendText(this.hub.errorFrame(ErrorCode.FORBIDDEN,
					"Not allowed to register for " + String.join(", ", refused), Map.of("rooms", refused)));
		}
		return client.emitter();
	}

	/**
	 * Return where each room's stream starts: after the event {@code Last-Event-ID}
	 * names, or at the room's current position.
	 */
	private Map<String, String> startPositions(Set<String> names, @Nullable String lastEventId) {
		Map<String, String> resumed = (lastEventId != null) ? SseCursor.decode(this.codec, lastEventId) : Map.of();
		Map<String, String> start = new LinkedHashMap<>();
		for (String name : names) {
			String since = (resumed != null) ? resumed.get(name) : UNREADABLE;
			if (since == null) {
				since = this.hub.position(name);
			}
			if (since != null) {
				start.put(name, since);
			}
		}
		return start;
	}

	/**
	 * Emit one client frame for an SSE client.
	 * @param clientId the client id from the welcome event
	 * @param token the token from the welcome event
	 * @param ackMode {@code stream} to have the answer sent on the event stream
	 * @param contentType {@code application/x-ndjson} for several frames, one a line
	 * (with {@code Wsem-Ack: stream} only)
	 * @param body the frame
	 * @return 200 with the answer when the frame has an ack (and the answer is not sent
	 * on the stream), 202 otherwise, 403 for a wrong client or token
	 */
	@PostMapping("/emit")
	public CompletableFuture<ResponseEntity<String>> emit(
			@RequestHeader(name = CLIENT_HEADER, required = false) @Nullable String clientId,
			@RequestHeader(name = TOKEN_HEADER, required = false) @Nullable String token,
			@RequestHeader(name = ACK_HEADER, required = false) @Nullable String ackMode,
			@RequestHeader(name = HttpHeaders.CONTENT_TYPE, required = false) @Nullable String contentType,
			@RequestBody(required = false) @Nullable String body) {
		SseClientSession client = this.registry.authenticate(clientId, token);
		if (client == null) {
			return respond(HttpStatus.FORBIDDEN, error(ErrorCode.FORBIDDEN, "Unknown client or wrong token"));
		}
		String frame = (body != null) ? body : "";
		boolean onStream = ACK_ON_STREAM.equalsIgnoreCase(ackMode);
		boolean batch = onStream && isBatch(contentType);
		long limit = batch ? this.settings.maxFrameSize() * MAX_BATCH : this.settings.maxFrameSize();
		if (frame.getBytes(StandardCharsets.UTF_8).length > limit) {
			return respond(HttpStatus.PAYLOAD_TOO_LARGE, error(ErrorCode.TOO_LARGE,
					(batch ? "Body larger than " : "Frame larger than ") + limit + " bytes"));
		}
		if (batch) {
			dispatchLines(client, frame);
			return respond(HttpStatus.ACCEPTED, null);
		}
		if (onStream) {
			this.hub.dispatch(client, frame, client::sendText);
			return respond(HttpStatus.ACCEPTED, null);
		}
		CompletableFuture<String> answer = new CompletableFuture<>();
		boolean answered = this.hub.dispatch(client, frame, (reply) -> {
			if (!answer.complete(reply)) {
				client.sendText(reply);
			}
		});
		if (!answered) {
			answer.thenAccept(client::sendText);
			return respond(HttpStatus.ACCEPTED, null);
		}
		return answer.thenApply((reply) -> ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(reply));
	}

	private void dispatchLines(SseClientSession client, String body) {
		String[] lines = body.split("\r?\n");
		int frames = 0;
		for (String line : lines) {
			if (line.isEmpty()) {
				continue;
			}
			if (++frames > MAX_BATCH) {
				this.hub.reject(client, ErrorCode.TOO_LARGE, "At most " + MAX_BATCH + " frames per request",
						client::sendText);
				return;
			}
			if (line.getBytes(StandardCharsets.UTF_8).length > this.settings.maxFrameSize()) {
				this.hub.reject(client, ErrorCode.TOO_LARGE,
						"Frame larger than " + this.settings.maxFrameSize() + " bytes", client::sendText);
			}
			else {
				this.hub.dispatch(client, line, client::sendText);
			}
		}
	}

	private static boolean isBatch(@Nullable String contentType) {
		try {
			return contentType != null && FRAMES_TYPE.isCompatibleWith(MediaType.parseMediaType(contentType));
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

	private String error(ErrorCode code, String message) {
		return this.hub.errorFrame(code, message, Map.of());
	}

	private static CompletableFuture<ResponseEntity<String>> respond(HttpStatus status, @Nullable String body) {
		return CompletableFuture
			.completedFuture(ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(body));
	}

}
