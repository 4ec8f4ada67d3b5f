package io.github.wsem.bench.load;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a target's {@code GET /bench/memory} answers after collecting garbage: its heap in
 * use and, for wsem, its registry's clients and room members ({@code -1} where the target
 * does not say).
 *
 * @param heapUsed the heap in use after GC, in bytes
 * @param clients the connected clients
 * @param roomMembers the room memberships
 */
public record TargetMemory(long heapUsed, int clients, int roomMembers) {

	/** Nothing known: the target did not answer. */
	public static final TargetMemory UNKNOWN = new TargetMemory(-1, -1, -1);

	private static final JsonMapper json = JsonMapper.builder().build();

	/**
	 * Ask a target for its memory.
	 * @param http the HTTP client
	 * @param host the target's host
	 * @param port the target's port
	 * @return what it answered
	 */
	static TargetMemory read(HttpClient http, String host, int port) throws IOException, InterruptedException {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + host + ":" + port + "/bench/memory"))
			.timeout(Duration.ofSeconds(60))
			.build();
		JsonNode body = json.readTree(http.send(request, HttpResponse.BodyHandlers.ofString()).body());
		return new TargetMemory(body.path("heapUsed").asLong(-1), body.path("clients").asInt(-1),
				body.path("roomMembers").asInt(-1));
	}

}
