package io.github.wsem.aot;

import java.security.Principal;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.github.wsem.core.Client;
import io.github.wsem.core.WsemListener;
import org.apache.tomcat.websocket.WsSession;
import org.apache.tomcat.websocket.server.WsRemoteEndpointImplServer;
import org.junit.jupiter.api.Test;

import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.annotation.ReflectiveRuntimeHintsRegistrar;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.support.SpringFactoriesLoader;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The runtime hints of {@code META-INF/spring/aot.factories} and of
 * {@link WsemListener @WsemListener}: each test fails when a hint is missing.
 */
class WsemRuntimeHintsTests {

	private final RuntimeHints hints = registered();

	@Test
	void theBrowserClientAndTheRedisScriptsAreResources() {
		for (String resource : List.of("io/github/wsem/web/wsem.js", "io/github/wsem/web/wsem.mjs",
				"io/github/wsem/web/wsem.d.ts", "io/github/wsem/broker/redis/history-emit.lua",
				"io/github/wsem/broker/redis/history-replay.lua", "io/github/wsem/broker/redis/history-position.lua")) {
			assertThat(RuntimeHintsPredicates.resource().forResource(resource)).as(resource).accepts(this.hints);
		}
	}

	@Test
	void everyLuaScriptOfTheBrokerIsCovered() throws Exception {
		var scripts = new org.springframework.core.io.support.PathMatchingResourcePatternResolver()
			.getResources("classpath*:io/github/wsem/**/*.lua");
		assertThat(scripts).isNotEmpty();
		for (var script : scripts) {
			String path = script.getURL().toString().replaceFirst(".*/(io/github/wsem/)", "$1");
			assertThat(RuntimeHintsPredicates.resource().forResource(path)).as(path).accepts(this.hints);
		}
		assertThat(new ClassPathResource("io/github/wsem/web/wsem.js").exists()).isTrue();
	}

	@Test
	void theTomcatFieldsOfTheFastPathAreReachable() {
		assertThat(RuntimeHintsPredicates.reflection().onFieldAccess(WsSession.class, "wsRemoteEndpoint"))
			.accepts(this.hints);
		assertThat(RuntimeHintsPredicates.reflection().onFieldAccess(WsRemoteEndpointImplServer.class, "socketWrapper"))
			.accepts(this.hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(WsSession.class, "updateLastActiveWrite"))
			.accepts(this.hints);
	}

	@Test
	void theVarHandleFieldsOfTheOutboundQueueAreReachable() throws Exception {
		for (String field : List.of("buffered", "sending", "pendingClose", "closed", "phase")) {
			assertThat(
					RuntimeHintsPredicates.reflection().onFieldAccess("io.github.wsem.outbound.OutboundQueue", field))
				.as(field)
				.accepts(this.hints);
		}
	}

	@Test
	void wsemListenerMethodsAreInvocableAndTheirDataAndResultTypesBindable() throws Exception {
		RuntimeHints hints = new RuntimeHints();
		new ReflectiveRuntimeHintsRegistrar().registerRuntimeHints(hints, Listeners.class);

		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Listeners.class, "add")).accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Listeners.class, "later")).accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Item.class.getDeclaredMethod("name")))
			.as("data")
			.accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Saved.class.getDeclaredMethod("at")))
			.as("result")
			.accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Later.class.getDeclaredMethod("when")))
			.as("result of a future")
			.accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onType(Client.class)).as("not data").rejects(hints);
	}

	private static RuntimeHints registered() {
		RuntimeHints hints = new RuntimeHints();
		SpringFactoriesLoader.forResourceLocation("META-INF/spring/aot.factories")
			.load(RuntimeHintsRegistrar.class)
			.forEach((registrar) -> registrar.registerHints(hints, WsemRuntimeHintsTests.class.getClassLoader()));
		return hints;
	}

	record Item(String name) {
	}

	record Saved(String name, Instant at) {
	}

	record Later(Instant when) {
	}

	static class Listeners {

		@WsemListener("item")
		Saved add(Item item, Client client, Principal principal) {
			return new Saved(item.name(), Instant.now());
		}

		@WsemListener("later")
		CompletableFuture<Later> later(Client client) {
			return CompletableFuture.completedFuture(new Later(Instant.now()));
		}

	}

}
