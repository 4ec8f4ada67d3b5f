package io.github.wsem.bench.load;

import java.nio.charset.StandardCharsets;
import java.util.BitSet;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;

/**
 * One WebSocket connection of the load generator: a subscriber that checks every
 * benchmark message it receives (order, duplicates, latency), or the publisher.
 * Everything but the flags runs on the channel's event loop.
 */
final class Conn extends SimpleChannelInboundHandler<WebSocketFrame> {

	private static final byte[] SEQ = "\"seq\":".getBytes(StandardCharsets.US_ASCII);

	private final LoadGenerator generator;

	private final Protocol protocol;

	private final boolean subscriber;

	private volatile Channel channel;

	private volatile boolean ready;

	private volatile boolean probed;

	private volatile boolean closing;

	private volatile boolean lost;

	private Scenario scenario;

	private BitSet seen = new BitSet();

	private int max = -1;

	Conn(LoadGenerator generator, Protocol protocol, boolean subscriber) {
		super(WebSocketFrame.class);
		this.generator = generator;
		this.protocol = protocol;
		this.subscriber = subscriber;
	}

	boolean subscriber() {
		return this.subscriber;
	}

	boolean isReady() {
		return this.ready;
	}

	boolean isProbed() {
		return this.probed;
	}

	boolean isLost() {
		return this.lost;
	}

	Channel channel() {
		return this.channel;
	}

	void send(String text) {
		this.channel.writeAndFlush(new TextWebSocketFrame(text));
	}

	void ready() {
		if (!this.ready) {
			this.ready = true;
			this.generator.ready(this);
		}
	}

	void failed(String why) {
		this.generator.failed(this, why);
	}

	void close() {
		this.closing = true;
		Channel ch = this.channel;
		if (ch != null) {
			ch.close();
		}
	}

	/** The number of distinct messages of the scenario this subscriber got. */
	int distinct(Scenario current) {
		return (this.scenario == current) ? this.seen.cardinality() : 0;
	}

	@Override
	public void channelActive(ChannelHandlerContext ctx) throws Exception {
		this.channel = ctx.channel();
		super.channelActive(ctx);
	}

	@Override
	public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
		if (event == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
			this.protocol.opened(this);
		}
		else if (event == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT) {
			failed("handshake timeout");
		}
		super.userEventTriggered(ctx, event);
	}

	@Override
	protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
		if (!(frame instanceof TextWebSocketFrame)) {
			return;
		}
		ByteBuf content = frame.content();
		int at = indexOf(content, SEQ);
		if (at < 0) {
			this.protocol.control(this, content.toString(StandardCharsets.UTF_8));
			return;
		}
		long now = System.nanoTime();
		int i = at + SEQ.length;
		long seq = 0;
		int end = content.writerIndex();
		while (i < end && isDigit(content.getByte(i))) {
			seq = seq * 10 + (content.getByte(i++) - '0');
		}
		// ,"t":
		i += 5;
		long sent = 0;
		while (i < end && isDigit(content.getByte(i))) {
			sent = sent * 10 + (content.getByte(i++) - '0');
		}
		received((int) seq, this.generator.epoch() + sent, now);
	}

	private void received(int seq, long sent, long now) {
		if (seq == 0) {
			this.probed = true;
			return;
		}
		Scenario current = this.generator.scenario();
		if (current == null || seq < current.base || seq >= current.base + current.capacity) {
			if (current != null) {
				current.stale.increment();
			}
			return;
		}
		if (this.scenario != current) {
			this.scenario = current;
			this.seen = new BitSet();
			this.max = -1;
		}
		int index = seq - current.base;
		if (this.seen.get(index)) {
			current.duplicated.increment();
			return;
		}
		this.seen.set(index);
		if (index < this.max) {
			current.reordered.increment();
		}
		else {
			this.max = index;
		}
		current.delivered(index, sent, now);
	}

	@Override
	public void channelInactive(ChannelHandlerContext ctx) throws Exception {
		if (!this.closing) {
			this.lost = true;
			this.generator.closed(this);
		}
		super.channelInactive(ctx);
	}

	@Override
	public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
		if (!this.closing) {
			failed(String.valueOf(cause));
		}
		ctx.close();
	}

	private static boolean isDigit(byte b) {
		return b >= '0' && b <= '9';
	}

	private static int indexOf(ByteBuf buf, byte[] needle) {
		int end = buf.writerIndex() - needle.length;
		byte first = needle[0];
		outer: for (int i = buf.readerIndex(); i <= end; i++) {
			if (buf.getByte(i) != first) {
				continue;
			}
			for (int j = 1; j < needle.length; j++) {
				if (buf.getByte(i + j) != needle[j]) {
					continue outer;
				}
			}
			return i;
		}
		return -1;
	}

}
