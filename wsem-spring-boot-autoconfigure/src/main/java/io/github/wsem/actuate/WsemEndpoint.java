package io.github.wsem.actuate;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;

import io.github.wsem.core.Broker;
import io.github.wsem.core.ClientHub;
import io.github.wsem.core.Transport;

import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * The Actuator endpoint {@code wsem}: this node's id, the cluster's state, the clients by
 * transport and the rooms with their member counts. Only the {@value #MAX_ROOMS} largest
 * rooms are listed, with the total, so that a node with many rooms answers with a small
 * document.
 */
@Endpoint(id = "wsem")
public class WsemEndpoint {

	/** The most rooms listed. */
	public static final int MAX_ROOMS = 100;

	private static final Comparator<Map.Entry<String, Integer>> LARGEST_FIRST = Map.Entry
		.<String, Integer>comparingByValue()
		.reversed()
		.thenComparing(Map.Entry.comparingByKey());

	private final ClientHub hub;

	private final Broker broker;

	private final String clusterType;

	/**
	 * Create the endpoint.
	 * @param hub the hub of this node
	 * @param broker the broker to the other nodes
	 * @param clusterType the kind of cluster, {@code none} for a single node
	 */
	public WsemEndpoint(ClientHub hub, Broker broker, String clusterType) {
		this.hub = hub;
		this.broker = broker;
		this.clusterType = clusterType;
	}

	/**
	 * Describe this node.
	 * @return the description
	 */
	@ReadOperation
	public WsemDescriptor wsem() {
		int websocket = this.hub.connectionCount(Transport.WEBSOCKET);
		int sse = this.hub.connectionCount(Transport.SSE);
		Map<String, Integer> sizes = this.hub.roomSizes();
		Map<String, Integer> largest = new LinkedHashMap<>();
		sizes.entrySet()
			.stream()
			.sorted(LARGEST_FIRST)
			.limit(MAX_ROOMS)
			.forEach((entry) -> largest.put(entry.getKey(), entry.getValue()));
		return new WsemDescriptor(this.broker.nodeId(),
				new ClusterDescriptor(this.clusterType, this.broker.isHealthy() ? "UP" : "DOWN"),
				new ClientsDescriptor(websocket + sse, websocket, sse), new RoomsDescriptor(sizes.size(), largest),
				this.hub.historyRoomCount());
	}

	/**
	 * The description of a node.
	 *
	 * @param node the node's id, {@code local} for a single node
	 * @param cluster the cluster's state
	 * @param clients the clients connected to this node
	 * @param rooms the rooms with members on this node
	 * @param historyRooms the number of rooms whose recent events this node keeps
	 */
	public record WsemDescriptor(String node, ClusterDescriptor cluster, ClientsDescriptor clients,
			RoomsDescriptor rooms, int historyRooms) implements OperationResponseBody {
	}

	/**
	 * The state of the cluster as this node sees it.
	 *
	 * @param type the kind of cluster: {@code none} or {@code redis}
	 * @param status {@code UP}, or {@code DOWN} while the other nodes cannot be reached
	 */
	public record ClusterDescriptor(String type, String status) {
	}

	/**
	 * The clients of this node.
	 *
	 * @param total all clients
	 * @param websocket the WebSocket clients
	 * @param sse the Server-Sent Events clients
	 */
	public record ClientsDescriptor(int total, int websocket, int sse) {
	}

	/**
	 * The rooms of this node.
	 *
	 * @param total the number of rooms with members
	 * @param largest up to {@value WsemEndpoint#MAX_ROOMS} rooms by member count, largest
	 * first
	 */
	public record RoomsDescriptor(int total, Map<String, Integer> largest) {
	}

}
