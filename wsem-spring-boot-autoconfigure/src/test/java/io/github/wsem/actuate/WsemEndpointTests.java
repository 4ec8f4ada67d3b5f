package io.github.wsem.actuate;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.github.wsem.broker.InMemoryBroker;
import io.github.wsem.codec.Jackson3Codec;
import io.github.wsem.core.ClientSession;
import io.github.wsem.core.ClientHub;
import io.github.wsem.autoconfigure.DefaultProtocolSettings;
import io.github.wsem.core.Transport;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link WsemEndpoint}.
 */
class WsemEndpointTests {

	private final Jackson3Codec codec = new Jackson3Codec(JsonMapper.builder().build());

	@Test
	void listsAtMostAHundredRoomsLargestFirstWithTheTotal() {
		ClientHub manager = ClientHub.create(this.codec, new InMemoryBroker(), DefaultProtocolSettings.get(),
				(event) -> {
				});
		ClientSession everywhere = connect(manager, "a", Transport.WEBSOCKET);
		ClientSession some = connect(manager, "b", Transport.WEBSOCKET);
		ClientSession one = connect(manager, "c", Transport.SSE);
		for (int i = 0; i < 150; i++) {
			everywhere.join(String.format("room.%03d", i));
		}
		for (int i = 0; i < 10; i++) {
			some.join(String.format("room.%03d", i));
		}
		one.join("room.009");

		WsemEndpoint.WsemDescriptor descriptor = new WsemEndpoint(manager, new InMemoryBroker(), "none").wsem();

		assertThat(descriptor.clients()).isEqualTo(new WsemEndpoint.ClientsDescriptor(3, 2, 1));
		assertThat(descriptor.rooms().total()).isEqualTo(150);
		assertThat(descriptor.rooms().largest()).hasSize(WsemEndpoint.MAX_ROOMS);
		assertThat(List.copyOf(descriptor.rooms().largest().entrySet()).subList(0, 3))
			.containsExactly(Map.entry("room.009", 3), Map.entry("room.000", 2), Map.entry("room.001", 2));
		assertThat(descriptor.rooms().largest()).containsEntry("room.010", 1).doesNotContainKey("room.149");
	}

	private static ClientSession connect(ClientHub manager, String id, Transport transport) {
		ClientSession client = new QuietClient(id, transport);
		manager.connect(client);
		return client;
	}

	private static final class QuietClient extends ClientSession {

		QuietClient(String id, Transport transport) {
			super(id, transport, null, new HttpHeaders(), new ConcurrentHashMap<>());
		}

		@Override
		protected void closeConnection(int code, String reason) {
		}

		@Override
		public boolean isOpen() {
			return true;
		}

		@Override
		public void sendText(String text) {
		}

	}

}
