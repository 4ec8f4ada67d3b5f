package io.github.wsem.websocket;

import io.github.wsem.codec.Jackson2Codec;
import io.github.wsem.core.JsonCodec;
import io.github.wsem.testapp.TestApplication;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

/**
 * The wire protocol with {@code wsem.json-mapper=jackson2}.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "wsem.json-mapper=jackson2")
class Jackson2ProtocolIntegrationTests extends AbstractProtocolIntegrationTests {

	@Override
	Class<? extends JsonCodec> expectedCodec() {
		return Jackson2Codec.class;
	}

}
