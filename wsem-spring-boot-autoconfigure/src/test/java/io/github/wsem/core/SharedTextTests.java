package io.github.wsem.core;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.wsem.autoconfigure.DefaultProtocolSettings;
import io.github.wsem.broker.InMemoryBroker;
import io.github.wsem.codec.Jackson3Codec;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A frame the broker delivers to several clients of this node is one
 * {@link OutboundText}, so that a transport renders it once for all of them.
 */
class SharedTextTests {

	private final InMemoryBroker broker = new InMemoryBroker();

	private final ClientHub hub = ClientHub.create(new Jackson3Codec(JsonMapper.builder().build()), this.broker,
			DefaultProtocolSettings.get(), (event) -> {
			});

	@Test
	void deliversOneSharedTextToEveryRecipient() {
		RecordingSession first = new RecordingSession("first");
		RecordingSession second = new RecordingSession("second");
		this.hub.connect(first);
		this.hub.connect(second);
		this.broker.sendDirect(Set.of("first", "second"), "{\"event\":\"wsem:send\",\"data\":1}");
		assertThat(first.shared).hasSize(1);
		assertThat(second.shared).hasSize(1);
		assertThat(first.shared.get(0)).isSameAs(second.shared.get(0));
		assertThat(first.shared.get(0).text()).isEqualTo("{\"event\":\"wsem:send\",\"data\":1}");
	}

	static final class RecordingSession extends ClientSession {

		final List<OutboundText> shared = new CopyOnWriteArrayList<>();

		RecordingSession(String id) {
			super(id, Transport.SSE, null, new HttpHeaders(), new ConcurrentHashMap<String, Object>());
		}

		@Override
		protected void sendShared(OutboundText text) {
			this.shared.add(text);
		}

		@Override
		public boolean isOpen() {
			return true;
		}

		@Override
		public void sendText(String text) {
		}

		@Override
		protected void closeConnection(int code, String reason) {
		}

	}

}
