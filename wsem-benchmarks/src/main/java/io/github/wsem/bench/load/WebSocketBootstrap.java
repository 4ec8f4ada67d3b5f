package io.github.wsem.bench.load;

import java.net.URI;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;

/**
 * The generator's WebSocket client connections: the handshake to a URI, whole text
 * messages up to 1 MiB, no Origin header, then the given handler.
 */
final class WebSocketBootstrap {

	private static final int MAX_MESSAGE = 1 << 20;

	private WebSocketBootstrap() {
	}

	/**
	 * Return a copy of a bootstrap whose channels speak WebSocket to a URI.
	 * @param base the bootstrap with the event loops and options
	 * @param uri the WebSocket URI
	 * @param handler the last handler, which gets the messages
	 * @return the bootstrap, ready to connect
	 */
	static Bootstrap to(Bootstrap base, URI uri, ChannelHandler handler) {
		WebSocketClientProtocolConfig config = WebSocketClientProtocolConfig.newBuilder()
			.webSocketUri(uri)
			.version(WebSocketVersion.V13)
			.allowExtensions(false)
			.maxFramePayloadLength(MAX_MESSAGE)
			.handleCloseFrames(true)
			.dropPongFrames(true)
			.handshakeTimeoutMillis(60_000)
			.generateOriginHeader(false)
			.build();
		return base.clone().handler(new ChannelInitializer<SocketChannel>() {
			@Override
			protected void initChannel(SocketChannel channel) {
				channel.pipeline()
					.addLast(new HttpClientCodec(), new HttpObjectAggregator(8192),
							new WebSocketClientProtocolHandler(config), new WebSocketFrameAggregator(MAX_MESSAGE),
							handler);
			}
		});
	}

}
