package io.github.wsem.broker.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * The Lua scripts of this package, read from the class path once. A script made from a
 * resource asks the class path whether the resource changed for every command that runs
 * it, a jar lookup per emit, claim or heartbeat.
 */
final class LuaScripts {

	private LuaScripts() {
	}

	static <T> RedisScript<T> read(String name, Class<T> type) {
		try {
			return RedisScript
				.of(new ClassPathResource(name, LuaScripts.class).getContentAsString(StandardCharsets.UTF_8), type);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read the script " + name, ex);
		}
	}

}
