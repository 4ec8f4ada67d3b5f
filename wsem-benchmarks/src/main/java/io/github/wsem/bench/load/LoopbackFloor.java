package io.github.wsem.bench.load;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The floor of a delivery at a low rate: one thread writes the same small WebSocket text
 * frame (132 bytes, like the benchmark's message) to each of {@code N} loopback sockets,
 * {@code RATE} times a second, with plain NIO and nothing else; two threads read them, as
 * the load generator's two event loops do. Prints the writing thread's CPU per write
 * (user and system): what a server that writes each delivery with its own system call
 * cannot go below on this machine, whatever its language.
 * <p>
 * Arguments: {@code [N [RATE [SECONDS [heap|direct]]]]}, by default
 * {@code 1000 50 6 heap}. Run with
 * {@code java -cp wsem-benchmarks/target/classes io.github.wsem.bench.load.LoopbackFloor}.
 */
public final class LoopbackFloor {

	private LoopbackFloor() {
	}

	public static void main(String[] args) throws IOException {
		int sockets = (args.length > 0) ? Integer.parseInt(args[0]) : 1000;
		int rate = (args.length > 1) ? Integer.parseInt(args[1]) : 50;
		int seconds = (args.length > 2) ? Integer.parseInt(args[2]) : 6;
		boolean direct = args.length > 3 && args[3].equals("direct");
		List<SocketChannel> servers = new ArrayList<>(sockets);
		Selector[] selectors = { Selector.open(), Selector.open() };
		AtomicLong received = new AtomicLong();
		try (ServerSocketChannel listener = ServerSocketChannel.open()) {
			listener.bind(new InetSocketAddress("127.0.0.1", 0));
			for (int i = 0; i < sockets; i++) {
				SocketChannel client = SocketChannel.open(listener.getLocalAddress());
				client.configureBlocking(false);
				client.register(selectors[i % 2], SelectionKey.OP_READ);
				SocketChannel server = listener.accept();
				server.configureBlocking(false);
				server.setOption(StandardSocketOptions.TCP_NODELAY, true);
				servers.add(server);
			}
		}
		for (Selector selector : selectors) {
			Thread reader = new Thread(() -> read(selector, received), "floor-reader");
			reader.setDaemon(true);
			reader.start();
		}
		byte[] frame = new byte[132];
		Arrays.fill(frame, (byte) 'x');
		frame[0] = (byte) 0x81;
		frame[1] = (byte) 126;
		frame[2] = 0;
		frame[3] = (byte) (frame.length - 4);
		ByteBuffer shared = ByteBuffer.allocateDirect(frame.length).put(frame).flip();
		ThreadMXBean threads = ManagementFactory.getThreadMXBean();
		// one second to warm up, then the measure
		for (int phase = 0; phase < 2; phase++) {
			long emits = (phase == 0) ? rate : (long) rate * seconds;
			long cpu0 = threads.getCurrentThreadCpuTime();
			long user0 = threads.getCurrentThreadUserTime();
			long start = System.nanoTime();
			long writes = 0;
			for (long emit = 0; emit < emits; emit++) {
				long due = start + emit * 1_000_000_000L / rate;
				long now;
				while ((now = System.nanoTime()) < due) {
					LockSupport.parkNanos(due - now);
				}
				for (SocketChannel server : servers) {
					server.write(direct ? shared.duplicate() : ByteBuffer.wrap(frame));
					writes++;
				}
			}
			double cpu = (threads.getCurrentThreadCpuTime() - cpu0) / 1e3 / writes;
			double user = (threads.getCurrentThreadUserTime() - user0) / 1e3 / writes;
			if (phase == 1) {
				System.out.printf(
						"%s buffers, %d sockets, %d emits/s, %d writes: %.2f us of the writing thread's CPU per write (user %.2f, system %.2f), load %s%n",
						direct ? "direct" : "heap", sockets, rate, writes, cpu, user, cpu - user,
						ProcStats.loadAverage());
			}
		}
		System.exit(0);
	}

	private static void read(Selector selector, AtomicLong received) {
		ByteBuffer buffer = ByteBuffer.allocateDirect(65536);
		try {
			while (true) {
				selector.select();
				for (SelectionKey key : selector.selectedKeys()) {
					buffer.clear();
					int read = ((SocketChannel) key.channel()).read(buffer);
					if (read > 0) {
						received.addAndGet(read);
					}
				}
				selector.selectedKeys().clear();
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
