-- Keep one event in a room's stream and publish it on the room's channel, atomically,
-- so that the stream's order is the order in which every node receives the events.
-- KEYS[1] the room's epoch, KEYS[2] the room's stream (one hash slot: the channel, ARGV[4], too)
-- ARGV[1] candidate epoch, ARGV[2] size, ARGV[3] ttl in ms, ARGV[4] the room's channel,
-- ARGV[5] event name, ARGV[6] data JSON ('' for none), ARGV[7] the envelope's JSON without its '{'
local epoch = redis.call('GET', KEYS[1])
if not epoch then
	epoch = ARGV[1]
	redis.call('SET', KEYS[1], epoch)
end
-- each entry names the one before it, so that a replay can tell whether the client has
-- the newest trimmed entry; the first entry of a stream names none
local previous = ''
local last = redis.call('XREVRANGE', KEYS[2], '+', '-', 'COUNT', 1)[1]
if last then
	previous = last[1]
end
local id
if ARGV[6] == '' then
	id = redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[2], '*', 'p', previous, 'e', ARGV[5])
else
	id = redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[2], '*', 'p', previous, 'e', ARGV[5], 'd', ARGV[6])
end
local now = redis.call('TIME')
local oldest = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000) - tonumber(ARGV[3])
redis.call('XTRIM', KEYS[2], 'MINID', '~', string.format('%d', oldest))
redis.call('PEXPIRE', KEYS[2], ARGV[3])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
redis.call('PUBLISH', ARGV[4], '{"i":"' .. epoch .. '.' .. id .. '",' .. ARGV[7])
return id
