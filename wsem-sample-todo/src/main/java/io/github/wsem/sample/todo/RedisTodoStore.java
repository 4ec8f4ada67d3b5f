package io.github.wsem.sample.todo;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * The list in Redis, shared by every server of a cluster: a Redis list of ids in order,
 * and a hash per to-do. Each change is one Lua script, so it is atomic whichever server
 * makes it.
 */
class RedisTodoStore implements TodoStore {

	private static final String ORDER = "todo:order";

	private static final String ITEM = "todo:item:";

	private static final RedisScript<Long> ADD = RedisScript.of("""
			if redis.call('LLEN', KEYS[1]) >= tonumber(ARGV[2]) then return 0 end
			redis.call('HSET', KEYS[2], 'text', ARGV[3], 'done', '0', 'createdAt', ARGV[4])
			redis.call('RPUSH', KEYS[1], ARGV[1])
			return 1
			""", Long.class);

	private static final RedisScript<Long> TOGGLE = RedisScript.of("""
			if redis.call('EXISTS', KEYS[1]) == 0 then return -1 end
			local done = 1 - tonumber(redis.call('HGET', KEYS[1], 'done'))
			redis.call('HSET', KEYS[1], 'done', done)
			return done
			""", Long.class);

	private static final RedisScript<Long> DELETE = RedisScript.of("""
			local removed = redis.call('LREM', KEYS[1], 0, ARGV[1])
			redis.call('DEL', KEYS[2])
			return removed
			""", Long.class);

	private final StringRedisTemplate redis;

	RedisTodoStore(StringRedisTemplate redis) {
		this.redis = redis;
	}

	@Override
	public List<Todo> list() {
		List<String> ids = Objects.requireNonNullElse(this.redis.opsForList().range(ORDER, 0, -1), List.of());
		return ids.stream().map(this::find).flatMap(Optional::stream).toList();
	}

	@Override
	public Optional<Todo> add(String text) {
		Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
		Todo todo = new Todo(UUID.randomUUID().toString(), text, false, now);
		Long added = this.redis.execute(ADD, List.of(ORDER, ITEM + todo.id()), todo.id(), String.valueOf(CAPACITY),
				text, now.toString());
		return (added != null && added == 1) ? Optional.of(todo) : Optional.empty();
	}

	@Override
	public Optional<Todo> toggle(String id) {
		Long done = this.redis.execute(TOGGLE, List.of(ITEM + id));
		return (done != null && done >= 0) ? find(id) : Optional.empty();
	}

	@Override
	public Optional<Todo> delete(String id) {
		Optional<Todo> todo = find(id);
		Long removed = this.redis.execute(DELETE, List.of(ORDER, ITEM + id), id);
		return (removed != null && removed > 0) ? todo : Optional.empty();
	}

	@Override
	public void clear() {
		List<String> ids = Objects.requireNonNullElse(this.redis.opsForList().range(ORDER, 0, -1), List.of());
		this.redis.delete(ids.stream().map((id) -> ITEM + id).toList());
		this.redis.delete(ORDER);
	}

	private Optional<Todo> find(String id) {
		Map<Object, Object> fields = this.redis.opsForHash().entries(ITEM + id);
		if (fields.isEmpty()) {
			return Optional.empty();
		}
		return Optional.of(new Todo(id, (String) fields.get("text"), "1".equals(fields.get("done")),
				Instant.parse((String) fields.get("createdAt"))));
	}

}
