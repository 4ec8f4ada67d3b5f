package io.github.wsem.bench.load;

/**
 * How the load generator speaks to each target over plain WebSocket: the path, the frames
 * that subscribe and publish, and which answer means "subscribed".
 */
enum Protocol {

	/** wsem's wire protocol: register with an ack, emit {@code bench}. */
	WSEM("/wsem") {
		@Override
		void opened(Conn conn) {
			if (conn.subscriber()) {
				conn.send("{\"event\":\"wsem:register\",\"data\":\"bench\",\"ack\":1}");
			}
			else {
				conn.ready();
			}
		}

		@Override
		void control(Conn conn, String text) {
			if (text.startsWith("{\"event\":\"wsem:ack\"")) {
				conn.ready();
			}
			else if (text.startsWith("{\"event\":\"wsem:error\"")) {
				conn.failed(text);
			}
		}

		@Override
		String publish(String payload) {
			return "{\"event\":\"bench\",\"data\":" + payload + "}";
		}
	},

	/** Raw WebSocket: every text message is re-broadcast as-is. */
	RAW("/raw") {
		@Override
		void opened(Conn conn) {
			conn.ready();
		}

		@Override
		void control(Conn conn, String text) {
		}

		@Override
		String publish(String payload) {
			return payload;
		}
	},

	/** STOMP 1.2: CONNECT, SUBSCRIBE to /topic/bench, SEND to /app/bench. */
	STOMP("/stomp") {
		@Override
		void opened(Conn conn) {
			conn.send("CONNECT\naccept-version:1.2\nhost:127.0.0.1\nheart-beat:0,0\n\n\0");
		}

		@Override
		void control(Conn conn, String text) {
			if (text.startsWith("CONNECTED")) {
				if (conn.subscriber()) {
					// the simple broker sends no RECEIPT: the probe after the storm
					// confirms it
					conn.send("SUBSCRIBE\nid:0\ndestination:/topic/bench\n\n\0");
				}
				conn.ready();
			}
			else if (text.startsWith("ERROR")) {
				conn.failed(text);
			}
		}

		@Override
		String publish(String payload) {
			return "SEND\ndestination:/app/bench\n\n" + payload + "\0";
		}
	},

	/**
	 * Socket.IO 4 over Engine.IO 4 text framing: 40 to connect, a join with ack, 42
	 * events, ping 2 / pong 3.
	 */
	SOCKETIO("/socket.io/?EIO=4&transport=websocket") {
		@Override
		void opened(Conn conn) {
		}

		@Override
		void control(Conn conn, String text) {
			if (text.equals("2")) {
				conn.send("3");
			}
			else if (text.startsWith("0{")) {
				conn.send("40");
			}
			else if (text.startsWith("40")) {
				if (conn.subscriber()) {
					conn.send("421[\"join\",\"bench\"]");
				}
				else {
					conn.ready();
				}
			}
			else if (text.startsWith("431")) {
				conn.ready();
			}
			else if (text.startsWith("44")) {
				conn.failed(text);
			}
		}

		@Override
		String publish(String payload) {
			return "42[\"bench\"," + payload + "]";
		}
	};

	private final String path;

	Protocol(String path) {
		this.path = path;
	}

	String path() {
		return this.path;
	}

	/** The WebSocket is open: start the protocol's own handshake. */
	abstract void opened(Conn conn);

	/** A text frame that holds no benchmark message. */
	abstract void control(Conn conn, String text);

	/** The frame that publishes one benchmark message. */
	abstract String publish(String payload);

	static Protocol of(String name) {
		return valueOf(name.toUpperCase(java.util.Locale.ROOT));
	}

	/**
	 * The protocol a benchmark target speaks: a wsem cluster speaks wsem, raw Node
	 * {@code ws} speaks raw WebSocket like raw Tomcat.
	 */
	static Protocol ofTarget(String target) {
		return switch (target) {
			case "wsem-cluster", "wsem-redis-cluster" -> WSEM;
			case "ws" -> RAW;
			default -> of(target);
		};
	}

}
