package io.github.wsem.autoconfigure;

import org.apache.catalina.connector.Connector;

import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;

/**
 * Sizes Tomcat's per-connection buffers from {@code wsem.container.*}: the socket buffers
 * on the connector, the WebSocket frame buffers through Tomcat's system property (read
 * once, when Tomcat's WebSocket classes initialize, which happens when the server starts
 * after this customizer ran), and the text and binary message buffers through the context
 * parameters Tomcat's WebSocket container reads. A value the application set already is
 * kept.
 */
final class TomcatBufferCustomizer implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {

	static final String DEFAULT_BUFFER_SIZE = "org.apache.tomcat.websocket.DEFAULT_BUFFER_SIZE";

	static final String TEXT_BUFFER_SIZE = "org.apache.tomcat.websocket.textBufferSize";

	static final String BINARY_BUFFER_SIZE = "org.apache.tomcat.websocket.binaryBufferSize";

	private static final String TOMCAT_DEFAULT_SOCKET_BUFFER = "8192";

	private final int socketBufferSize;

	private final int websocketBufferSize;

	private final int messageBufferSize;

	private final boolean messageBuffersOwnedByApplication;

	TomcatBufferCustomizer(WsemProperties.Container container, boolean messageBuffersOwnedByApplication) {
		this.socketBufferSize = (int) container.getSocketBufferSize().toBytes();
		this.websocketBufferSize = (int) container.getWebsocketBufferSize().toBytes();
		this.messageBufferSize = (int) container.getMessageBufferSize().toBytes();
		this.messageBuffersOwnedByApplication = messageBuffersOwnedByApplication;
	}

	@Override
	public void customize(TomcatServletWebServerFactory factory) {
		if (this.websocketBufferSize > 0 && System.getProperty(DEFAULT_BUFFER_SIZE) == null) {
			System.setProperty(DEFAULT_BUFFER_SIZE, Integer.toString(this.websocketBufferSize));
		}
		if (this.socketBufferSize > 0) {
			factory.addConnectorCustomizers(this::sizeSocketBuffers);
		}
		if (this.messageBufferSize > 0 && !this.messageBuffersOwnedByApplication) {
			String size = Integer.toString(this.messageBufferSize);
			factory.addContextCustomizers((context) -> {
				if (context.findParameter(TEXT_BUFFER_SIZE) == null) {
					context.addParameter(TEXT_BUFFER_SIZE, size);
				}
				if (context.findParameter(BINARY_BUFFER_SIZE) == null) {
					context.addParameter(BINARY_BUFFER_SIZE, size);
				}
			});
		}
	}

	private void sizeSocketBuffers(Connector connector) {
		String size = Integer.toString(this.socketBufferSize);
		for (String name : new String[] { "socket.appReadBufSize", "socket.appWriteBufSize" }) {
			Object current = connector.getProperty(name);
			if (current == null || TOMCAT_DEFAULT_SOCKET_BUFFER.equals(String.valueOf(current))) {
				connector.setProperty(name, size);
			}
		}
	}

}
