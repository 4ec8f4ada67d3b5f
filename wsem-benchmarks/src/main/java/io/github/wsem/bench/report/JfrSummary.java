package io.github.wsem.bench.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Summarizes a JFR recording of a target: the share of CPU samples of the request threads
 * in the methods that matter for a fan-out (self and inclusive).
 * <p>
 * Arguments: {@code RECORDING.jfr [TOP]}.
 */
public final class JfrSummary {

	private JfrSummary() {
	}

	public static void main(String[] args) throws IOException {
		int top = (args.length > 1) ? Integer.parseInt(args[1]) : 25;
		Map<String, Integer> self = new HashMap<>();
		Map<String, Integer> inclusive = new HashMap<>();
		int samples = 0;
		for (RecordedEvent event : RecordingFile.readAllEvents(Path.of(args[0]))) {
			if (!event.getEventType().getName().equals("jdk.ExecutionSample")) {
				continue;
			}
			RecordedStackTrace stack = event.getStackTrace();
			String thread = event.getThread("sampledThread").getJavaName();
			if (stack == null || thread == null || !thread.contains("exec")) {
				continue;
			}
			List<RecordedFrame> frames = stack.getFrames();
			if (frames.isEmpty()) {
				continue;
			}
			samples++;
			self.merge(name(frames.get(0)), 1, Integer::sum);
			Set<String> seen = new HashSet<>();
			for (RecordedFrame frame : frames) {
				String name = name(frame);
				if (seen.add(name)) {
					inclusive.merge(name, 1, Integer::sum);
				}
			}
		}
		System.out.printf("%d samples of Tomcat's request threads%n%nself:%n", samples);
		print(self, samples, top);
		System.out.printf("%ninclusive (wsem, Tomcat WebSocket, socket writes, hand-overs):%n");
		Map<String, Integer> filtered = new HashMap<>();
		inclusive.forEach((k, v) -> {
			if (k.contains("wsem") || k.contains("websocket") || k.contains("IOUtil.write")
					|| k.contains("CharsetEncoder.encode") || k.contains("SocketWrapperBase.execute")
					|| k.contains("OnResultRunnable")) {
				filtered.put(k, v);
			}
		});
		print(filtered, samples, top);
	}

	private static void print(Map<String, Integer> counts, int samples, int top) {
		counts.entrySet()
			.stream()
			.sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
			.limit(top)
			.forEach((e) -> System.out.printf("%5.1f%%  %s%n", 100.0 * e.getValue() / samples, e.getKey()));
	}

	private static String name(RecordedFrame frame) {
		String type = frame.getMethod().getType().getName();
		return type.substring(type.lastIndexOf('.') + 1) + "." + frame.getMethod().getName();
	}

}
