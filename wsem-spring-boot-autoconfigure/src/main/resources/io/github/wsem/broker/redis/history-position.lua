-- Return the id of a room's newest entry, as an event id; a room without a stream gets
-- one that starts with an entry holding no event, so that the position is an entry.
-- KEYS[1] the room's epoch, KEYS[2] the room's stream
-- ARGV[1] candidate epoch, ARGV[2] size, ARGV[3] ttl in ms
local epoch = redis.call('GET', KEYS[1])
if not epoch then
	epoch = ARGV[1]
	redis.call('SET', KEYS[1], epoch)
end
local last = redis.call('XREVRANGE', KEYS[2], '+', '-', 'COUNT', 1)[1]
local id
if last then
	id = last[1]
else
	id = redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[2], '*', 'p', '')
	redis.call('PEXPIRE', KEYS[2], ARGV[3])
	redis.call('PEXPIRE', KEYS[1], ARGV[3])
end
return epoch .. '.' .. id
