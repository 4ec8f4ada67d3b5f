package io.github.wsem.testapp;

import java.security.Principal;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.github.wsem.core.Client;
import io.github.wsem.core.WsemException;
import io.github.wsem.core.WsemListener;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

/**
 * The {@link WsemListener @WsemListener} methods the integration tests call.
 */
@Component
public class TestListeners {

	/** Text of the exception {@code fail} throws, which must never reach a client. */
	public static final String SECRET = "secret detail: jdbc:postgresql://db/prod";

	@WsemListener("echo")
	@Nullable Object echo(@Nullable Object data) {
		return data;
	}

	@WsemListener("fail")
	Object fail() {
		throw new IllegalStateException(SECRET);
	}

	@WsemListener("invalid")
	Object invalid() {
		throw new WsemException("invalid", "Title is required");
	}

	@WsemListener("todo.add")
	Todo addTodo(Todo todo) {
		return new Todo(todo.title().toUpperCase(Locale.ROOT), todo.priority() + 1);
	}

	@WsemListener("later")
	CompletableFuture<@Nullable Object> later(@Nullable Object data) {
		return CompletableFuture.supplyAsync(() -> data, CompletableFuture.delayedExecutor(50, TimeUnit.MILLISECONDS));
	}

	@WsemListener("later.invalid")
	CompletableFuture<Object> laterInvalid() {
		return CompletableFuture.supplyAsync(() -> {
			throw new WsemException("invalid", "Checked later");
		}, CompletableFuture.delayedExecutor(50, TimeUnit.MILLISECONDS));
	}

	@WsemListener("unencodable")
	Unencodable unencodable() {
		return new Unencodable();
	}

	@WsemListener("whoami")
	Map<String, Object> whoami(Client client, @Nullable Principal principal) {
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("id", client.id());
		result.put("transport", client.transport().name());
		result.put("principal", (principal != null) ? principal.getName() : "none");
		return result;
	}

	/**
	 * A value whose JSON cannot be written.
	 */
	public static final class Unencodable {

		public String getValue() {
			throw new IllegalStateException(SECRET);
		}

	}

	/**
	 * A typed payload.
	 *
	 * @param title the title
	 * @param priority the priority
	 */
	public record Todo(String title, int priority) {
	}

}
