package io.github.wsem.bench.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.springframework.boot.SpringBootVersion;
import org.springframework.core.SpringVersion;

/**
 * What the report says about the machine and the versions measured.
 */
final class Machine {

	private Machine() {
	}

	static Map<String, String> describe(Path results) {
		Map<String, String> facts = new LinkedHashMap<>();
		facts.put("CPU", cpu() + ", " + Runtime.getRuntime().availableProcessors() + " cores");
		facts.put("memory", memory());
		facts.put("kernel", command("uname", "-sr"));
		facts.put("load average (1, 5, 15 min) at start / end",
				read(results.resolve("loadavg-start.txt")) + " / " + read(results.resolve("loadavg-end.txt"))
						+ " (the machine is shared: other builds may run beside the benchmark)");
		facts.put("Java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
		facts.put("Spring Boot", SpringBootVersion.getVersion());
		facts.put("Spring Framework", SpringVersion.getVersion());
		facts.put("Tomcat", org.apache.catalina.util.ServerInfo.getServerNumber());
		facts.put("Node.js", command("node", "--version"));
		facts.put("Socket.IO", npm("socket.io") + " (npm, with the ws below)");
		facts.put("ws", npm("ws") + " (npm; the raw ws target, and Socket.IO's WebSocket server)");
		facts.put("load generator",
				"one Java process on Netty "
						+ io.netty.util.Version.identify().values().iterator().next().artifactVersion()
						+ " (NIO, 2 event loops), speaking each target's protocol over plain WebSocket, "
						+ "source addresses 127.0.0.2–61");
		facts.put("JVM flags of the JVM targets (tuned)",
				flags(results, "tuned", "-Xms64m -Xmx2g -XX:+UseG1GC -XX:MaxHeapFreeRatio=30 -XX:MinHeapFreeRatio=10"));
		facts.put("JVM flags of the default-flag runs", flags(results, "default", "-Xmx2g"));
		return facts;
	}

	private static String cpu() {
		try {
			return Files.readAllLines(Path.of("/proc/cpuinfo"))
				.stream()
				.filter((l) -> l.startsWith("model name"))
				.map((l) -> l.substring(l.indexOf(':') + 1).trim())
				.findFirst()
				.orElse("unknown");
		}
		catch (IOException ex) {
			return "unknown";
		}
	}

	private static String memory() {
		try {
			String line = Files.readAllLines(Path.of("/proc/meminfo")).get(0);
			long kib = Long.parseLong(line.replaceAll("[^0-9]", ""));
			return String.format("%.1f GiB", kib / 1048576.0);
		}
		catch (IOException | RuntimeException ex) {
			return "unknown";
		}
	}

	private static String npm(String name) {
		Path pkg = Path.of("wsem-benchmarks/target/node/node_modules/" + name + "/package.json");
		try {
			return Files.readString(pkg).replaceAll("(?s).*?\"version\"\\s*:\\s*\"([^\"]+)\".*", "$1");
		}
		catch (IOException ex) {
			return "unknown";
		}
	}

	/** The flags run.sh wrote to {@code jvm-flags.txt} as {@code KIND: FLAGS} lines. */
	private static String flags(Path dir, String kind, String otherwise) {
		try {
			return Files.readAllLines(dir.resolve("jvm-flags.txt"))
				.stream()
				.filter((line) -> line.startsWith(kind + ": "))
				.map((line) -> line.substring(kind.length() + 2))
				.findFirst()
				.orElse(otherwise);
		}
		catch (IOException ex) {
			return otherwise;
		}
	}

	private static String read(Path file) {
		try {
			String[] parts = Files.readString(file).trim().split(" ");
			return parts[0] + " " + parts[1] + " " + parts[2];
		}
		catch (IOException | RuntimeException ex) {
			return "?";
		}
	}

	private static String command(String... command) {
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
			process.waitFor(10, TimeUnit.SECONDS);
			return out;
		}
		catch (IOException ex) {
			return "unknown";
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return "unknown";
		}
	}

}
