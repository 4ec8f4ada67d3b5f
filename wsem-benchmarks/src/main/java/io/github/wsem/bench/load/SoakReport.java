package io.github.wsem.bench.load;

import java.util.Locale;

/**
 * Writes the figures of a soak run as {@code docs/soak.md} and as a one-screen summary.
 */
final class SoakReport {

	private SoakReport() {
	}

	static String summary(Soak.Result r) {
		return String.format(Locale.ROOT,
				"soak %s: %d clients, %d s, %d cycles, %d events published, %d deliveries checked, lost %d "
						+ "(gaps %d, start %d, tail %d), reordered %d, after leaving %d (raced %d), unexpected closes %d, connect failures %d; "
						+ "heap after GC %s -> %s MiB (%+.1f%%); registry at the end: %d clients, %d room members; "
						+ "load %s -> %s",
				r.passed() ? "PASSED" : "FAILED", r.clients(), r.seconds(), r.cycles(), r.published(), r.checked(),
				r.lost(), r.gaps(), r.missedStart(), r.late(), r.reordered(), r.afterLeave(), r.racedLeave(),
				r.unexpectedCloses(), r.connectFailures(), mib(r.baseline().heapUsed()), mib(r.end().heapUsed()),
				100 * r.heapGrowth(), r.end().clients(), r.end().roomMembers(), r.loadStart(), r.loadEnd());
	}

	static String markdown(Soak.Result r, String command) {
		StringBuilder md = new StringBuilder();
		md.append("# Soak: ")
			.append(r.clients())
			.append(" clients churning for ")
			.append(minutes(r.seconds()))
			.append("\n\n");
		md.append("Written by `")
			.append(command)
			.append("` on ")
			.append(r.started())
			.append(" (UTC). Verdict: **")
			.append(r.passed() ? "passed" : "failed")
			.append("**.\n\n");
		md.append("Each of ")
			.append(r.clients())
			.append(" clients loops: connect to the wsem target (its own JVM, ")
			.append("every default of the starter), register for `bench` with an ack, receive for a random 1 to 8 s, ")
			.append("leave (half with a close handshake, half by dropping the TCP connection), reconnect after up to ")
			.append("200 ms. A publisher emits ")
			.append(r.rate())
			.append(" events per second to `bench` the whole time. ")
			.append("Every event carries a sequence number, and the publisher sends it with an ack, which comes back ")
			.append("once the target has emitted it to every member. A client leaves by unregistering with an ack ")
			.append("and then disconnecting; it must have got, with no gap and in order, every event published after ")
			.append("its register's ack and emitted before it asked to unregister, and nothing published after the ")
			.append("unregister's ack (an emit that was already under way when the unregister ran may still arrive just ")
			.append("after the ack; those are counted apart). The baseline is taken ")
			.append("after ")
			.append(r.warmupSeconds())
			.append(" s of the same churn as warm-up, with every client ")
			.append("gone; the end after the churn, the publisher and every client gone. Heap is the heap in use after ")
			.append("two `System.gc()` (`GET /bench/memory`), and the registry's counts come from ")
			.append("`events.clients().count()` and `ClientHub.roomSizes()`.\n\n");
		md.append("| measure | value |\n| --- | --- |\n");
		row(md, "measured churn", r.seconds() + " s (after " + r.warmupSeconds() + " s of warm-up)");
		row(md, "connect / register / receive / leave cycles",
				String.format(Locale.ROOT, "%,d (%.0f per second)", r.cycles(), r.cycles() / (double) r.seconds()));
		row(md, "clients connected at most", String.format(Locale.ROOT, "%,d", r.peakOpen()));
		row(md, "events published", String.format(Locale.ROOT, "%,d", r.published()));
		row(md, "deliveries received", String.format(Locale.ROOT, "%,d", r.received()));
		row(md, "deliveries checked (published while a client was registered)",
				String.format(Locale.ROOT, "%,d", r.checked()));
		row(md, "**lost**: gaps / missing at the start / missing at the end",
				String.format(Locale.ROOT, "**%d**: %d / %d / %d", r.lost(), r.gaps(), r.missedStart(), r.late()));
		row(md, "reordered or duplicated", String.valueOf(r.reordered()));
		row(md, "events received after the unregister's ack: published after that ack / emitted while the "
				+ "unregister ran", r.afterLeave() + " / " + r.racedLeave());
		row(md, "connections closed by the server / failed to connect",
				r.unexpectedCloses() + " / " + r.connectFailures());
		row(md, "**heap after GC**: baseline / half-time (clients connected) / end",
				String.format(Locale.ROOT, "%s / %s / %s MiB", mib(r.baseline().heapUsed()),
						(r.during() != null) ? mib(r.during().heapUsed()) : "?", mib(r.end().heapUsed())));
		row(md, "**heap at the end against the baseline** (must be within 10%)",
				String.format(Locale.ROOT, "**%+.1f%%**", 100 * r.heapGrowth()));
		row(md, "RSS of the target: baseline / end", mib(r.rssBaseline()) + " / " + mib(r.rssEnd()) + " MiB");
		row(md, "**registry at the end**: clients / room members",
				String.format(Locale.ROOT, "**%d / %d**", r.end().clients(), r.end().roomMembers()));
		row(md, "load average (1, 5, 15 min) at the start / the end", r.loadStart() + " / " + r.loadEnd());
		md.append("\nThe machine is shared (two cores, other builds running): the load average shows how busy it was. ")
			.append("The soak asserts no timing; latency is the benchmark's business (`docs/benchmarks.md`).\n");
		if (!r.failures().isEmpty()) {
			md.append("\nFirst failures seen:\n\n");
			r.failures().forEach((failure) -> md.append("- `").append(failure.replace('`', '\'')).append("`\n"));
		}
		return md.toString();
	}

	private static void row(StringBuilder md, String measure, String value) {
		md.append("| ").append(measure).append(" | ").append(value).append(" |\n");
	}

	private static String minutes(long seconds) {
		return (seconds % 60 == 0) ? (seconds / 60) + " minutes" : seconds + " s";
	}

	private static String mib(long bytes) {
		return (bytes < 0) ? "?" : String.format(Locale.ROOT, "%.1f", bytes / 1048576.0);
	}

}
