package io.github.wsem.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import io.github.wsem.core.EventNames;
import io.github.wsem.core.ProtocolSettings;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Configuration properties of wsem, bound from {@code wsem.*} and checked when the
 * application starts.
 */
@ConfigurationProperties("wsem")
public class WsemProperties {

	private static final Pattern PATH = Pattern.compile("/[A-Za-z0-9._~!$&()*+,;=:@%/-]+");

	private static final List<String> MEDIA_TYPES = ProtocolSettings.SUPPORTED_TYPES;

	/**
	 * Whether to enable wsem.
	 */
	private boolean enabled = true;

	/**
	 * Path of the WebSocket endpoint; the SSE stream and HTTP emit live below it.
	 */
	private String endpoint = "/wsem";

	/**
	 * Name of the event a client sends to register for events.
	 */
	private String registerEventName = "wsem:register";

	/**
	 * Name of the event a client sends to unregister from events.
	 */
	private String unregisterEventName = "wsem:unregister";

	/**
	 * Path the browser client script is served at.
	 */
	private String clientScriptUrl = "/wsem.js";

	/**
	 * Origin patterns allowed to connect besides the same origin, as Spring's allowed
	 * origin patterns.
	 */
	private List<String> allowedOrigins = new ArrayList<>();

	/**
	 * Maximum size of one inbound text frame.
	 */
	private DataSize maxFrameSize = DataSize.ofKilobytes(64);

	/**
	 * Maximum number of rooms one client may register for.
	 */
	private int maxRoomsPerClient = 1000;

	/**
	 * Maximum number of bad frames one client may send in a sliding minute before it is
	 * closed with status 1008.
	 */
	private int maxErrorsPerMinute = 100;

	/**
	 * Maximum size of the frames queued for one client before it is closed with status
	 * 1013.
	 */
	private DataSize sendBufferLimit = DataSize.ofKilobytes(512);

	/**
	 * Maximum time one frame may take to reach a client before it is closed with status
	 * 1013.
	 */
	private Duration sendTimeLimit = Duration.ofSeconds(10);

	/**
	 * Maximum number of recipients of one direct message.
	 */
	private int maxRecipients = 100;

	/**
	 * How long the sender of a direct message waits for an answer.
	 */
	private Duration answerTimeout = Duration.ofSeconds(10);

	/**
	 * Where client ids come from: 'random' (128 random bits) or 'principal' (the
	 * authenticated user's name, shared by all of that user's connections).
	 */
	private ClientIdMode clientId = ClientIdMode.RANDOM;

	/**
	 * Whether a client may choose its id with the 'id' query parameter, while no
	 * connected client has it.
	 */
	private boolean allowChosenIds;

	/**
	 * JSON mapper for payloads: 'jackson' (Jackson 3), 'jackson2', or 'auto' (the
	 * application's Jackson 3 mapper when there is one, else Jackson 2).
	 */
	private JsonMapperType jsonMapper = JsonMapperType.AUTO;

	/**
	 * Media type of inbound frames: 'application/json' or 'text/plain'.
	 */
	private String receiveType = "application/json";

	/**
	 * Media type of outbound frames: 'application/json' or 'text/plain'.
	 */
	private String sendType = "application/json";

	private final WebSocket websocket = new WebSocket();

	private final Sse sse = new Sse();

	private final Container container = new Container();

	private final Cluster cluster = new Cluster();

	private final History history = new History();

	private final RateLimit rateLimit = new RateLimit();

	public WebSocket getWebsocket() {
		return this.websocket;
	}

	public Sse getSse() {
		return this.sse;
	}

	public Container getContainer() {
		return this.container;
	}

	public Cluster getCluster() {
		return this.cluster;
	}

	public History getHistory() {
		return this.history;
	}

	public RateLimit getRateLimit() {
		return this.rateLimit;
	}

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public String getEndpoint() {
		return this.endpoint;
	}

	public void setEndpoint(String endpoint) {
		this.endpoint = requirePath(endpoint);
	}

	public String getRegisterEventName() {
		return this.registerEventName;
	}

	public void setRegisterEventName(String registerEventName) {
		this.registerEventName = requireEventName(registerEventName);
	}

	public String getUnregisterEventName() {
		return this.unregisterEventName;
	}

	public void setUnregisterEventName(String unregisterEventName) {
		this.unregisterEventName = requireEventName(unregisterEventName);
	}

	public String getClientScriptUrl() {
		return this.clientScriptUrl;
	}

	public void setClientScriptUrl(String clientScriptUrl) {
		this.clientScriptUrl = requirePath(clientScriptUrl);
	}

	public List<String> getAllowedOrigins() {
		return this.allowedOrigins;
	}

	public void setAllowedOrigins(List<String> allowedOrigins) {
		for (String origin : allowedOrigins) {
			if (origin.isBlank()) {
				throw new IllegalArgumentException("An allowed origin must not be blank");
			}
		}
		this.allowedOrigins = allowedOrigins;
	}

	public DataSize getMaxFrameSize() {
		return this.maxFrameSize;
	}

	public void setMaxFrameSize(DataSize maxFrameSize) {
		this.maxFrameSize = requirePositive(maxFrameSize);
	}

	public int getMaxRoomsPerClient() {
		return this.maxRoomsPerClient;
	}

	public void setMaxRoomsPerClient(int maxRoomsPerClient) {
		this.maxRoomsPerClient = requirePositive(maxRoomsPerClient);
	}

	public int getMaxErrorsPerMinute() {
		return this.maxErrorsPerMinute;
	}

	public void setMaxErrorsPerMinute(int maxErrorsPerMinute) {
		this.maxErrorsPerMinute = requirePositive(maxErrorsPerMinute);
	}

	public DataSize getSendBufferLimit() {
		return this.sendBufferLimit;
	}

	public void setSendBufferLimit(DataSize sendBufferLimit) {
		this.sendBufferLimit = requirePositive(sendBufferLimit);
		if (sendBufferLimit.toBytes() > Integer.MAX_VALUE) {
			throw new IllegalArgumentException("Must be below 2GB");
		}
	}

	public Duration getSendTimeLimit() {
		return this.sendTimeLimit;
	}

	public void setSendTimeLimit(Duration sendTimeLimit) {
		this.sendTimeLimit = requirePositive(sendTimeLimit);
	}

	public int getMaxRecipients() {
		return this.maxRecipients;
	}

	public void setMaxRecipients(int maxRecipients) {
		this.maxRecipients = requirePositive(maxRecipients);
	}

	public Duration getAnswerTimeout() {
		return this.answerTimeout;
	}

	public void setAnswerTimeout(Duration answerTimeout) {
		this.answerTimeout = requirePositive(answerTimeout);
	}

	public ClientIdMode getClientId() {
		return this.clientId;
	}

	public void setClientId(ClientIdMode clientId) {
		this.clientId = clientId;
	}

	public boolean isAllowChosenIds() {
		return this.allowChosenIds;
	}

	public void setAllowChosenIds(boolean allowChosenIds) {
		this.allowChosenIds = allowChosenIds;
	}

	public JsonMapperType getJsonMapper() {
		return this.jsonMapper;
	}

	public void setJsonMapper(JsonMapperType jsonMapper) {
		this.jsonMapper = jsonMapper;
	}

	public String getReceiveType() {
		return this.receiveType;
	}

	public void setReceiveType(String receiveType) {
		this.receiveType = requireMediaType(receiveType);
	}

	public String getSendType() {
		return this.sendType;
	}

	public void setSendType(String sendType) {
		this.sendType = requireMediaType(sendType);
	}

	ProtocolSettings toProtocolSettings() {
		return new ProtocolSettings(this.registerEventName, this.unregisterEventName, this.maxRoomsPerClient,
				this.maxErrorsPerMinute, this.receiveType, this.sendType, this.maxRecipients, this.answerTimeout,
				this.clientId == ClientIdMode.PRINCIPAL, this.history.getSize(), this.history.getTtl(),
				this.rateLimit.getRate(), this.rateLimit.getBurst());
	}

	private static String requirePath(String path) {
		if (!PATH.matcher(path).matches()) {
			throw new IllegalArgumentException(
					"Must be a URL path with a leading slash and no spaces or quotes, was '" + path + "'");
		}
		return path;
	}

	private static String requireEventName(String name) {
		if (!EventNames.isValid(name) || name.chars().anyMatch(Character::isWhitespace)) {
			throw new IllegalArgumentException(
					"Must be an event name of 1 to 128 characters without spaces, was '" + name + "'");
		}
		return name;
	}

	private static String requireMediaType(String type) {
		if (!MEDIA_TYPES.contains(type)) {
			throw new IllegalArgumentException("Must be one of " + MEDIA_TYPES + ", was '" + type + "'");
		}
		return type;
	}

	private static DataSize requirePositive(DataSize size) {
		if (size.toBytes() <= 0) {
			throw new IllegalArgumentException("Must be positive, was " + size);
		}
		return size;
	}

	private static Duration requirePositive(Duration duration) {
		if (duration.isNegative() || duration.isZero()) {
			throw new IllegalArgumentException("Must be positive, was " + duration);
		}
		return duration;
	}

	private static int requirePositive(int value) {
		if (value <= 0) {
			throw new IllegalArgumentException("Must be positive, was " + value);
		}
		return value;
	}

	/**
	 * WebSocket transport settings.
	 */
	public static class WebSocket {

		/**
		 * Subprotocols the WebSocket endpoint selects, in order of preference.
		 */
		private List<String> subprotocols = new ArrayList<>(List.of("wsem.v1"));

		/**
		 * Maximum number of WebSocket connections of one node; more are refused with HTTP
		 * 503 before the upgrade.
		 */
		private int maxConnections = 20000;

		/**
		 * Number of platform threads that write emitted events to WebSocket clients
		 * without blocking (Tomcat), and the blocking writes of containers without an
		 * asynchronous API (Jetty) unless virtual threads are enabled; the frames a burst
		 * of emits queues for one client go out in one write. Defaults to the number of
		 * processors.
		 */
		private int writerThreads = Runtime.getRuntime().availableProcessors();

		/**
		 * Whether to write frames straight to Tomcat's socket (wsem's fast path); off, or
		 * when a Tomcat version hides the socket, frames go through the container's
		 * WebSocket API.
		 */
		private boolean tomcatFastPath = true;

		public List<String> getSubprotocols() {
			return this.subprotocols;
		}

		public void setSubprotocols(List<String> subprotocols) {
			for (String subprotocol : subprotocols) {
				if (subprotocol.isBlank() || !subprotocol.chars().allMatch((c) -> c > 0x20 && c < 0x7F && c != ',')) {
					throw new IllegalArgumentException("Invalid subprotocol '" + subprotocol + "'");
				}
			}
			this.subprotocols = subprotocols;
		}

		public int getMaxConnections() {
			return this.maxConnections;
		}

		public void setMaxConnections(int maxConnections) {
			this.maxConnections = requirePositive(maxConnections);
		}

		public int getWriterThreads() {
			return this.writerThreads;
		}

		public void setWriterThreads(int writerThreads) {
			this.writerThreads = requirePositive(writerThreads);
		}

		public boolean isTomcatFastPath() {
			return this.tomcatFastPath;
		}

		public void setTomcatFastPath(boolean tomcatFastPath) {
			this.tomcatFastPath = tomcatFastPath;
		}

	}

	/**
	 * Server-Sent Events settings.
	 */
	public static class Sse {

		/**
		 * Whether to serve the SSE stream and emit endpoints below the endpoint.
		 */
		private boolean enabled = true;

		/**
		 * Interval of the ': ping' comment that keeps idle streams open.
		 */
		private Duration heartbeat = Duration.ofSeconds(20);

		/**
		 * Reconnection delay sent to browsers as the stream's first line.
		 */
		private Duration retry = Duration.ofMillis(3000);

		/**
		 * Maximum number of SSE streams of one node; more are refused with HTTP 503.
		 */
		private int maxClients = 10000;

		/**
		 * Async request timeout of a stream; none when not set.
		 */
		private @Nullable Duration timeout;

		/**
		 * Number of platform threads that write to the streams, a blocking write each at
		 * a time. With spring.threads.virtual.enabled on Java 21+, each write gets a
		 * virtual thread instead and this is not used.
		 */
		private int writerThreads = 16;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public Duration getHeartbeat() {
			return this.heartbeat;
		}

		public void setHeartbeat(Duration heartbeat) {
			this.heartbeat = requirePositive(heartbeat);
		}

		public Duration getRetry() {
			return this.retry;
		}

		public void setRetry(Duration retry) {
			this.retry = requirePositive(retry);
		}

		public int getMaxClients() {
			return this.maxClients;
		}

		public void setMaxClients(int maxClients) {
			this.maxClients = requirePositive(maxClients);
		}

		public @Nullable Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(@Nullable Duration timeout) {
			this.timeout = (timeout != null) ? requirePositive(timeout) : null;
		}

		public int getWriterThreads() {
			return this.writerThreads;
		}

		public void setWriterThreads(int writerThreads) {
			this.writerThreads = requirePositive(writerThreads);
		}

	}

	/**
	 * Per-client limit of inbound frames (a token bucket); frames over it are answered
	 * with 'rate_limited' and not handled.
	 */
	public static class RateLimit {

		/**
		 * Frames a second one client may send on average; 0 turns the limit off.
		 */
		private double rate = 1000;

		/**
		 * Frames one client may send in a burst.
		 */
		private int burst = 2000;

		public double getRate() {
			return this.rate;
		}

		public void setRate(double rate) {
			if (rate < 0) {
				throw new IllegalArgumentException("Must not be negative, was " + rate);
			}
			this.rate = rate;
		}

		public int getBurst() {
			return this.burst;
		}

		public void setBurst(int burst) {
			this.burst = requirePositive(burst);
		}

	}

	/**
	 * Per-connection buffers of the servlet container (Tomcat), kept small so that many
	 * mostly idle connections cost little: wsem reads messages in parts and joins them up
	 * to {@code max-frame-size}, so no buffer needs to hold a whole message.
	 */
	public static class Container {

		private static final DataSize MIN_BUFFER = DataSize.ofBytes(256);

		private static final DataSize MIN_MESSAGE_BUFFER = DataSize.ofBytes(64);

		/**
		 * Size of the socket read and write buffers of each connection (Tomcat's
		 * 'socket.appReadBufSize' and 'socket.appWriteBufSize'), unless set on the
		 * connector already; 0 keeps the container's default of 8KB. wsem writes its
		 * frames from its own buffers, so the write buffer only holds what Tomcat writes
		 * itself (close frames, pongs).
		 */
		private DataSize socketBufferSize = DataSize.ofBytes(256);

		/**
		 * Size of the WebSocket frame buffers of each connection (the system property
		 * 'org.apache.tomcat.websocket.DEFAULT_BUFFER_SIZE', set before the server starts
		 * unless it is set already); longer outbound messages go out as several frames of
		 * one message, and longer inbound frames are read in parts. 0 keeps the
		 * container's default of 8KB.
		 */
		private DataSize websocketBufferSize = DataSize.ofBytes(256);

		/**
		 * Size of the WebSocket text and binary message buffers of each connection (the
		 * container's defaults, unless the application declares a
		 * ServletServerContainerFactoryBean or sets the context parameters). It limits no
		 * wsem message, but it is the largest whole message that other WebSocket
		 * endpoints of the application without partial messages accept. 0 keeps the
		 * container's default of 8KB.
		 */
		private DataSize messageBufferSize = DataSize.ofBytes(256);

		public DataSize getSocketBufferSize() {
			return this.socketBufferSize;
		}

		public void setSocketBufferSize(DataSize socketBufferSize) {
			this.socketBufferSize = requireZeroOrAtLeast(socketBufferSize, MIN_BUFFER);
		}

		public DataSize getWebsocketBufferSize() {
			return this.websocketBufferSize;
		}

		public void setWebsocketBufferSize(DataSize websocketBufferSize) {
			this.websocketBufferSize = requireZeroOrAtLeast(websocketBufferSize, MIN_BUFFER);
		}

		public DataSize getMessageBufferSize() {
			return this.messageBufferSize;
		}

		public void setMessageBufferSize(DataSize messageBufferSize) {
			this.messageBufferSize = requireZeroOrAtLeast(messageBufferSize, MIN_MESSAGE_BUFFER);
		}

		private static DataSize requireZeroOrAtLeast(DataSize size, DataSize min) {
			long bytes = size.toBytes();
			if (bytes != 0 && (bytes < min.toBytes() || bytes > Integer.MAX_VALUE)) {
				throw new IllegalArgumentException("Must be 0 or from " + min + " to 2GB, was " + size);
			}
			return size;
		}

	}

	/**
	 * History settings, for clients that resume after a drop.
	 */
	public static class History {

		/**
		 * Number of recent events kept per room for clients that resume; 0 turns history
		 * off.
		 */
		private int size = 100;

		/**
		 * How long kept events, and the history of an idle room, are kept.
		 */
		private Duration ttl = Duration.ofMinutes(5);

		public int getSize() {
			return this.size;
		}

		public void setSize(int size) {
			if (size < 0) {
				throw new IllegalArgumentException("Must not be negative, was " + size);
			}
			this.size = size;
		}

		public Duration getTtl() {
			return this.ttl;
		}

		public void setTtl(Duration ttl) {
			this.ttl = requirePositive(ttl);
		}

	}

	/**
	 * Cluster settings.
	 */
	public static class Cluster {

		/**
		 * How nodes share clients: 'none' (everything in memory on one node) or 'redis'
		 * (through the Redis of Spring Boot's spring.data.redis.* properties).
		 */
		private ClusterType type = ClusterType.NONE;

		/**
		 * Prefix of wsem's Redis keys and channels.
		 */
		private String prefix = "wsem";

		/**
		 * How long the registrations of a node that stopped sending heartbeats stay in
		 * the cluster's view.
		 */
		private Duration nodeTimeout = Duration.ofSeconds(15);

		/**
		 * How long a cluster-wide query waits for Redis before answering from this node's
		 * own knowledge.
		 */
		private Duration operationTimeout = Duration.ofSeconds(2);

		/**
		 * Maximum number of this node's emits to rooms with history that Redis has not
		 * confirmed yet, kept to be sent again in order; past it, the oldest are given up
		 * and the other nodes' clients in their rooms get 'recovery_incomplete'.
		 */
		private int outboxSize = 10_000;

		public ClusterType getType() {
			return this.type;
		}

		public void setType(ClusterType type) {
			this.type = type;
		}

		public String getPrefix() {
			return this.prefix;
		}

		public void setPrefix(String prefix) {
			if (prefix.isBlank() || prefix.chars().anyMatch(Character::isWhitespace)) {
				throw new IllegalArgumentException("Must be a non-blank prefix without spaces, was '" + prefix + "'");
			}
			this.prefix = prefix;
		}

		public Duration getNodeTimeout() {
			return this.nodeTimeout;
		}

		public void setNodeTimeout(Duration nodeTimeout) {
			this.nodeTimeout = requirePositive(nodeTimeout);
		}

		public Duration getOperationTimeout() {
			return this.operationTimeout;
		}

		public void setOperationTimeout(Duration operationTimeout) {
			this.operationTimeout = requirePositive(operationTimeout);
		}

		public int getOutboxSize() {
			return this.outboxSize;
		}

		public void setOutboxSize(int outboxSize) {
			this.outboxSize = requirePositive(outboxSize);
		}

	}

	/**
	 * The ways nodes share clients.
	 */
	public enum ClusterType {

		/** One node, everything in memory. */
		NONE,

		/** Several nodes through Redis. */
		REDIS

	}

	/**
	 * Where client ids come from.
	 */
	public enum ClientIdMode {

		/** 128 random bits. */
		RANDOM,

		/** The authenticated user's name; random for anonymous clients. */
		PRINCIPAL

	}

	/**
	 * The JSON mappers wsem can use.
	 */
	public enum JsonMapperType {

		/** The application's Jackson 3 mapper when there is one, else Jackson 2. */
		AUTO,

		/** Jackson 3, {@code tools.jackson.databind}. */
		JACKSON,

		/** Jackson 2, {@code com.fasterxml.jackson.databind}. */
		JACKSON2

	}

}
