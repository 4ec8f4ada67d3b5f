package io.github.wsem.core;

import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * The {@link Broker.LocalNode} of one node: what the broker delivers to this node's
 * clients.
 */
final class BrokerNode implements Broker.LocalNode {

	private final DefaultClientHub hub;

	private final RoomRegistry registry;

	private final DirectMessages direct;

	BrokerNode(DefaultClientHub hub, RoomRegistry registry, DirectMessages direct) {
		this.hub = hub;
		this.registry = registry;
		this.direct = direct;
	}

	@Override
	public void deliver(Delivery delivery) {
		WsemMetrics metrics = this.hub.metrics();
		if (metrics == WsemMetrics.NONE) {
			this.registry.fanOut(delivery);
			return;
		}
		long start = System.nanoTime();
		int recipients = this.registry.fanOut(delivery);
		long nanos = System.nanoTime() - start;
		metrics.delivered(recipients);
		metrics.fannedOut(recipients, nanos);
	}

	@Override
	public Set<String> localMembers(String room) {
		return this.registry.memberIds(room);
	}

	@Override
	public boolean hasLocalClient(String clientId) {
		return !this.registry.sessions(clientId).isEmpty();
	}

	@Override
	public void deliverDirect(Set<String> clientIds, String frame) {
		int sent = 0;
		OutboundText text = new OutboundText(frame);
		for (String id : clientIds) {
			for (ClientSession client : this.registry.sessions(id)) {
				client.sendShared(text);
				sent++;
			}
		}
		this.hub.metrics().delivered(sent);
	}

	@Override
	public boolean answer(long reply, String from, @Nullable Object message) {
		return this.direct.complete(reply, from, message);
	}

	@Override
	public void registrationsChanged(String room) {
		this.hub.registrationsChanged(room);
	}

	@Override
	public void registrationsMayHaveChanged() {
		this.hub.listenedRooms().forEach(this.hub::registrationsChanged);
	}

	@Override
	public void historyIncomplete(String room) {
		String frame = this.hub.errorFrame(ErrorCode.RECOVERY_INCOMPLETE, "Some events of " + room + " may be missing",
				Map.of("room", room));
		for (ClientSession client : this.registry.members(room)) {
			client.sendText(frame);
		}
	}

	@Override
	public void historyIncomplete(String room, String origin, long number) {
		String frame = this.hub.errorFrame(ErrorCode.RECOVERY_INCOMPLETE, "Some events of " + room + " may be missing",
				Map.of("room", room));
		for (ClientSession client : this.registry.members(room)) {
			if (!client.has(room, origin, number)) {
				client.sendText(frame);
			}
		}
	}

	@Override
	public boolean hasLocalMembers(String room) {
		return !this.registry.members(room).isEmpty() || !this.registry.members(Delivery.EVERYONE).isEmpty();
	}

}
