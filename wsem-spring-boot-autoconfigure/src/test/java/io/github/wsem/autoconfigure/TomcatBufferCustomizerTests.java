package io.github.wsem.autoconfigure;

import org.apache.catalina.connector.Connector;
import org.apache.catalina.core.StandardContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tomcat's per-connection buffers are sized from {@code wsem.container.*}, and what the
 * application set itself is kept.
 */
class TomcatBufferCustomizerTests {

	private final String previousDefault = System.getProperty(TomcatBufferCustomizer.DEFAULT_BUFFER_SIZE);

	@AfterEach
	void restoreSystemProperty() {
		if (this.previousDefault == null) {
			System.clearProperty(TomcatBufferCustomizer.DEFAULT_BUFFER_SIZE);
		}
		else {
			System.setProperty(TomcatBufferCustomizer.DEFAULT_BUFFER_SIZE, this.previousDefault);
		}
	}

	@Test
	void sizesSocketBuffersMessageBuffersAndFrameBuffersByDefault() {
		System.clearProperty(TomcatBufferCustomizer.DEFAULT_BUFFER_SIZE);
		TomcatServletWebServerFactory factory = customize(new WsemProperties.Container(), false);
		Connector connector = connector(factory);
		StandardContext context = context(factory);
		assertThat(connector.getProperty("socket.appReadBufSize")).hasToString("256");
		assertThat(connector.getProperty("socket.appWriteBufSize")).hasToString("256");
		assertThat(context.findParameter(TomcatBufferCustomizer.TEXT_BUFFER_SIZE)).isEqualTo("256");
		assertThat(context.findParameter(TomcatBufferCustomizer.BINARY_BUFFER_SIZE)).isEqualTo("256");
		assertThat(System.getProperty(TomcatBufferCustomizer.DEFAULT_BUFFER_SIZE)).isEqualTo("256");
	}

	@Test
	void keepsWhatTheApplicationSetItself() {
		System.setProperty(TomcatBufferCustomizer.DEFAULT_BUFFER_SIZE, "4096");
		TomcatServletWebServerFactory factory = new TomcatServletWebServerFactory();
		factory.addConnectorCustomizers((connector) -> connector.setProperty("socket.appReadBufSize", "2048"));
		factory
			.addContextCustomizers((context) -> context.addParameter(TomcatBufferCustomizer.TEXT_BUFFER_SIZE, "9000"));
		new TomcatBufferCustomizer(new WsemProperties.Container(), false).customize(factory);
		Connector connector = connector(factory);
		StandardContext context = context(factory);
		assertThat(connector.getProperty("socket.appReadBufSize")).hasToString("2048");
		assertThat(context.findParameter(TomcatBufferCustomizer.TEXT_BUFFER_SIZE)).isEqualTo("9000");
		assertThat(System.getProperty(TomcatBufferCustomizer.DEFAULT_BUFFER_SIZE)).isEqualTo("4096");
	}

	@Test
	void leavesMessageBuffersToAnApplicationContainerFactoryBean() {
		TomcatServletWebServerFactory factory = customize(new WsemProperties.Container(), true);
		assertThat(context(factory).findParameter(TomcatBufferCustomizer.TEXT_BUFFER_SIZE)).isNull();
	}

	@Test
	void zeroKeepsTheContainerDefaults() {
		System.clearProperty(TomcatBufferCustomizer.DEFAULT_BUFFER_SIZE);
		WsemProperties.Container container = new WsemProperties.Container();
		container.setSocketBufferSize(DataSize.ofBytes(0));
		container.setWebsocketBufferSize(DataSize.ofBytes(0));
		container.setMessageBufferSize(DataSize.ofBytes(0));
		TomcatServletWebServerFactory factory = customize(container, false);
		assertThat(connector(factory).getProperty("socket.appReadBufSize")).hasToString("8192");
		assertThat(context(factory).findParameter(TomcatBufferCustomizer.TEXT_BUFFER_SIZE)).isNull();
		assertThat(System.getProperty(TomcatBufferCustomizer.DEFAULT_BUFFER_SIZE)).isNull();
	}

	@Test
	void refusesBuffersTooSmallForAFrameHeaderAndAControlFrame() {
		WsemProperties.Container container = new WsemProperties.Container();
		assertThatIllegalArgumentException().isThrownBy(() -> container.setWebsocketBufferSize(DataSize.ofBytes(100)));
		assertThatIllegalArgumentException().isThrownBy(() -> container.setSocketBufferSize(DataSize.ofBytes(-1)));
	}

	private static TomcatServletWebServerFactory customize(WsemProperties.Container container, boolean owned) {
		TomcatServletWebServerFactory factory = new TomcatServletWebServerFactory();
		new TomcatBufferCustomizer(container, owned).customize(factory);
		return factory;
	}

	private static Connector connector(TomcatServletWebServerFactory factory) {
		Connector connector = new Connector();
		factory.getConnectorCustomizers().forEach((customizer) -> customizer.customize(connector));
		return connector;
	}

	private static StandardContext context(TomcatServletWebServerFactory factory) {
		StandardContext context = new StandardContext();
		factory.getContextCustomizers().forEach((customizer) -> customizer.customize(context));
		return context;
	}

}
