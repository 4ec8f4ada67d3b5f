package io.github.wsem.websocket;

import io.github.wsem.codec.Jackson3Codec;
import io.github.wsem.core.JsonCodec;
import io.github.wsem.testapp.TestApplication;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

/**
 * The wire protocol with {@code wsem.json-mapper=jackson}.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "wsem.json-mapper=jackson")
class Jackson3ProtocolIntegrationTests extends AbstractProtocolIntegrationTests {

	@Override
	Class<? extends JsonCodec> expectedCodec() {
		return Jackson3Codec.class;
	}

}
