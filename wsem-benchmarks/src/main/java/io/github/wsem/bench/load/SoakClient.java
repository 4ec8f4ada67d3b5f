package io.github.wsem.bench.load;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;

/**
 * One connection of one soak client, from connect to disconnect: it registers for
 * {@code bench}, receives for its hold time, checks that the sequence numbers it got have
 * no gap, and leaves, with a close handshake or by dropping the connection. Everything
 * runs on the channel's event loop.
 */
final class SoakClient extends SimpleChannelInboundHandler<WebSocketFrame> {

	private static final String SEQ = "\"seq\":";

	private static final String ACK = "{\"event\":\"wsem:ack\",\"ack\":";

	private final Soak soak;

	private final boolean publisher;

	private final long holdMillis;

	private volatile Channel channel;

	private volatile boolean ready;

	private boolean leaving;

	long ackAt = -1;

	long leftAt = -1;

	long unregisterAt = -1;

	int first = -1;

	int last = -1;

	long gaps;

	long reordered;

	long received;

	SoakClient(Soak soak, boolean publisher, long holdMillis) {
		super(WebSocketFrame.class);
		this.soak = soak;
		this.publisher = publisher;
		this.holdMillis = holdMillis;
	}

	boolean isReady() {
		return this.ready;
	}

	Channel channel() {
		return this.channel;
	}

	void send(String text) {
		this.channel.writeAndFlush(new TextWebSocketFrame(text));
	}

	@Override
	public void channelActive(ChannelHandlerContext ctx) throws Exception {
		this.channel = ctx.channel();
		if (!this.publisher && !this.soak.isChurning()) {
			stop();
		}
		super.channelActive(ctx);
	}

	@Override
	public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
		if (event == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
			if (this.publisher) {
				this.ready = true;
			}
			else {
				send("{\"event\":\"wsem:register\",\"data\":\"bench\",\"ack\":1}");
			}
		}
		super.userEventTriggered(ctx, event);
	}

	@Override
	protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
		if (!(frame instanceof TextWebSocketFrame text)) {
			return;
		}
		String content = text.text();
		if (this.publisher) {
			if (content.startsWith(ACK)) {
				this.soak.emitted(parseSeq(content, ACK.length()), System.nanoTime());
			}
			return;
		}
		int at = content.indexOf(SEQ);
		if (at >= 0) {
			if (this.leftAt >= 0) {
				this.soak.afterLeave(parseSeq(content, at + SEQ.length()), this.leftAt);
			}
			else if (!this.leaving) {
				received(parseSeq(content, at + SEQ.length()));
			}
		}
		else if (content.startsWith(ACK + "1")) {
			this.ackAt = System.nanoTime();
			this.ready = true;
			ctx.channel().eventLoop().schedule(this::leave, this.holdMillis, TimeUnit.MILLISECONDS);
		}
		else if (content.startsWith(ACK + "2")) {
			this.leftAt = System.nanoTime();
			this.soak.check(this);
			close();
		}
		else if (content.startsWith("{\"event\":\"wsem:error\"")) {
			this.soak.failure("error frame: " + content);
		}
	}

	private void received(int seq) {
		this.received++;
		if (this.first < 0) {
			this.first = seq;
		}
		else if (seq <= this.last) {
			this.reordered++;
		}
		else if (seq > this.last + 1) {
			this.gaps += seq - this.last - 1;
		}
		this.last = Math.max(this.last, seq);
	}

	/**
	 * The hold time is over: unregister with an ack, which comes after every event
	 * emitted to the client before; then check what arrived and disconnect.
	 */
	private void leave() {
		if (this.leaving) {
			return;
		}
		this.unregisterAt = System.nanoTime();
		send("{\"event\":\"wsem:unregister\",\"data\":\"bench\",\"ack\":2}");
	}

	/**
	 * Disconnect, half of the clients with a close handshake and half by dropping the
	 * connection.
	 */
	private void close() {
		this.leaving = true;
		Channel ch = this.channel;
		if (ThreadLocalRandom.current().nextBoolean()) {
			ch.writeAndFlush(new CloseWebSocketFrame(1000, ""));
			ch.eventLoop().schedule(() -> ch.close(), 5, TimeUnit.SECONDS);
		}
		else {
			ch.close();
		}
	}

	/**
	 * Stop without counting this connection: the run is over.
	 */
	void stop() {
		this.leaving = true;
		Channel ch = this.channel;
		if (ch != null) {
			ch.close();
		}
	}

	@Override
	public void channelInactive(ChannelHandlerContext ctx) throws Exception {
		if (!this.leaving) {
			this.soak.unexpectedClose(this);
		}
		this.soak.ended(this);
		super.channelInactive(ctx);
	}

	@Override
	public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
		if (!this.leaving) {
			this.soak.failure(String.valueOf(cause));
		}
		ctx.close();
	}

	private static int parseSeq(String content, int from) {
		int seq = 0;
		for (int i = from; i < content.length() && Character.isDigit(content.charAt(i)); i++) {
			seq = seq * 10 + (content.charAt(i) - '0');
		}
		return seq;
	}

}
