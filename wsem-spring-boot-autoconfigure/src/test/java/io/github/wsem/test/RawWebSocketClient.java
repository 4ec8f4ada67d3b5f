package io.github.wsem.test;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

import org.jspecify.annotations.Nullable;

/**
 * A WebSocket client on a plain {@link Socket}, for what the JDK client cannot do:
 * stop reading while the server keeps writing, with a small receive buffer.
 *
 * <p>Server frames are read one at a time; fragmented server messages are not
 * supported.
 */
public final class RawWebSocketClient implements Closeable {

	/** What {@link #drainUntilClosed(Duration)} returns when the connection ended without a close frame. */
	public static final int NO_CLOSE_FRAME = -1;

	private final Socket socket;

	private final DataInputStream in;

	private final OutputStream out;

	private String extensions = "";

	private RawWebSocketClient(Socket socket) throws IOException {
		this.socket = socket;
		this.in = new DataInputStream(socket.getInputStream());
		this.out = socket.getOutputStream();
	}

	/**
	 * Open a TCP connection with the given receive buffer and complete the handshake
	 * at {@code /wsem}.
	 * @param port the server's port
	 * @param receiveBufferSize the socket's receive buffer, in bytes
	 * @return the connected client
	 * @throws IOException if the connection or handshake fails
	 */
	public static RawWebSocketClient connect(int port, int receiveBufferSize) throws IOException {
		return connect(port, receiveBufferSize, null);
	}

	/**
	 * Open a TCP connection with the given receive buffer and complete the handshake
	 * at {@code /wsem}, offering extensions.
	 * @param port the server's port
	 * @param receiveBufferSize the socket's receive buffer, in bytes
	 * @param extensions the {@code Sec-WebSocket-Extensions} offered, or {@code null}
	 * @return the connected client
	 * @throws IOException if the connection or handshake fails
	 */
	public static RawWebSocketClient connect(int port, int receiveBufferSize, @Nullable String extensions)
			throws IOException {
		Socket socket = new Socket();
		socket.setReceiveBufferSize(receiveBufferSize);
		socket.connect(new InetSocketAddress("localhost", port), 10_000);
		socket.setSoTimeout((int) TestClient.TIMEOUT.toMillis());
		RawWebSocketClient client = new RawWebSocketClient(socket);
		client.handshake(port, extensions);
		return client;
	}

	/**
	 * Return the extensions the server accepted.
	 * @return the {@code Sec-WebSocket-Extensions} of the handshake response, or ""
	 */
	public String extensions() {
		return this.extensions;
	}

	/**
	 * Send one masked text frame.
	 * @param text the text
	 * @throws IOException if writing fails
	 */
	public void sendText(String text) throws IOException {
		send(0x1, text.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * Send one masked ping frame.
	 * @param payload the ping's data, at most 125 bytes
	 * @throws IOException if writing fails
	 */
	public void sendPing(byte[] payload) throws IOException {
		send(0x9, payload);
	}

	private void send(int opcode, byte[] payload) throws IOException {
		ByteArrayOutputStream frame = new ByteArrayOutputStream(payload.length + 14);
		frame.write(0x80 | opcode);
		if (payload.length < 126) {
			frame.write(0x80 | payload.length);
		}
		else if (payload.length < 65536) {
			frame.write(0x80 | 126);
			frame.write(payload.length >>> 8);
			frame.write(payload.length & 0xFF);
		}
		else {
			frame.write(0x80 | 127);
			for (int shift = 56; shift >= 0; shift -= 8) {
				frame.write((int) ((long) payload.length >>> shift) & 0xFF);
			}
		}
		byte[] mask = new byte[4];
		ThreadLocalRandom.current().nextBytes(mask);
		frame.write(mask);
		for (int i = 0; i < payload.length; i++) {
			frame.write(payload[i] ^ mask[i % 4]);
		}
		this.out.write(frame.toByteArray());
		this.out.flush();
	}

	/**
	 * Drop the TCP connection with a reset, without a close frame.
	 * @throws IOException if the socket fails
	 */
	public void reset() throws IOException {
		this.socket.setSoLinger(true, 0);
		this.socket.close();
	}

	/**
	 * Read the next text frame.
	 * @return the text
	 * @throws IOException if reading fails or the next frame is not text
	 */
	public String readText() throws IOException {
		Frame frame = readFrame();
		if (frame.opcode() != 0x1) {
			throw new IOException("Expected a text frame but got opcode " + frame.opcode());
		}
		return new String(frame.payload(), StandardCharsets.UTF_8);
	}

	/**
	 * Read and discard everything until the server's close frame or the end of the
	 * connection.
	 * @param timeout how long to read at most
	 * @return the close code of the close frame, or {@link #NO_CLOSE_FRAME}
	 * @throws IOException if the connection is still open after the timeout
	 */
	public int drainUntilClosed(Duration timeout) throws IOException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (System.nanoTime() < deadline) {
			Frame frame;
			try {
				frame = readFrame();
			}
			catch (SocketTimeoutException ex) {
				continue;
			}
			catch (EOFException | SocketException ex) {
				return NO_CLOSE_FRAME;
			}
			if (frame.opcode() == 0x8) {
				return (frame.payload().length >= 2) ? ((frame.payload()[0] & 0xFF) << 8) | (frame.payload()[1] & 0xFF)
						: NO_CLOSE_FRAME;
			}
		}
		throw new IOException("Connection still open after " + timeout);
	}

	@Override
	public void close() throws IOException {
		this.socket.close();
	}

	private void handshake(int port, @Nullable String offeredExtensions) throws IOException {
		byte[] nonce = new byte[16];
		ThreadLocalRandom.current().nextBytes(nonce);
		String request = "GET /wsem HTTP/1.1\r\n" + "Host: localhost:" + port + "\r\n" + "Upgrade: websocket\r\n"
				+ "Connection: Upgrade\r\n" + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(nonce)
				+ "\r\n" + "Sec-WebSocket-Version: 13\r\n"
				+ ((offeredExtensions != null) ? "Sec-WebSocket-Extensions: " + offeredExtensions + "\r\n" : "")
				+ "\r\n";
		this.out.write(request.getBytes(StandardCharsets.US_ASCII));
		this.out.flush();
		String statusLine = readLine();
		for (String header = readLine(); !header.isEmpty(); header = readLine()) {
			if (header.regionMatches(true, 0, "Sec-WebSocket-Extensions:", 0, 25)) {
				this.extensions = header.substring(25).trim();
			}
		}
		if (!statusLine.startsWith("HTTP/1.1 101")) {
			throw new IOException("Handshake refused: " + statusLine);
		}
	}

	private String readLine() throws IOException {
		StringBuilder line = new StringBuilder();
		int c;
		while ((c = this.in.read()) != '\n') {
			if (c < 0) {
				throw new EOFException("Connection closed during the handshake");
			}
			if (c != '\r') {
				line.append((char) c);
			}
		}
		return line.toString();
	}

	/**
	 * Read the next frame, whatever it is.
	 * @return the frame
	 * @throws IOException if reading fails
	 */
	public Frame readFrame() throws IOException {
		int first = this.in.readUnsignedByte();
		int second = this.in.readUnsignedByte();
		long length = second & 0x7F;
		if (length == 126) {
			length = this.in.readUnsignedShort();
		}
		else if (length == 127) {
			length = this.in.readLong();
		}
		byte[] payload = new byte[Math.toIntExact(length)];
		this.in.readFully(payload);
		return new Frame(first & 0x0F, (first >>> 4) & 0x07, payload);
	}

	/**
	 * One frame from the server.
	 *
	 * @param opcode the opcode: 1 text, 8 close, 9 ping, 10 pong
	 * @param rsv the three reserved bits; 4 (RSV1) marks a compressed message
	 * @param payload the payload
	 */
	public record Frame(int opcode, int rsv, byte[] payload) {

		/**
		 * Return the payload as UTF-8 text.
		 * @return the text
		 */
		public String text() {
			return new String(this.payload, StandardCharsets.UTF_8);
		}

	}

}
