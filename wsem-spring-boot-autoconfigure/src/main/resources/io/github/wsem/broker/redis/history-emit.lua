-- Keep one event in a room's stream and publish it on the room's channel, atomically,
-- so that the stream's order is the order in which every node receives the events.
-- Each node numbers its emits; the room's hash keeps the last number it kept of each
-- node. An emit takes its place only right after the node's previous emit to the room:
-- a number already kept is dropped (Lettuce sends a command again after a reconnect),
-- and an emit whose previous one is not kept yet (Lettuce's retry put it behind newer
-- ones) is refused with the number kept, so that the node sends the rest again in order.
-- KEYS[1] the room's epoch, KEYS[2] the room's stream, KEYS[3] the room's last number per
-- node (one hash slot: the channel, ARGV[4], too)
-- ARGV[1] candidate epoch, ARGV[2] size, ARGV[3] ttl in ms, ARGV[4] the room's channel,
-- ARGV[5] event name ('' for a mark of lost emits), ARGV[6] data JSON ('' for none),
-- ARGV[7] the message's JSON without its '{', ARGV[8] the emitting node, ARGV[9] its
-- number for the emit, ARGV[10] the JSON array of the clients left out ('' for none),
-- ARGV[11] PUBLISH, or SPUBLISH on Redis Cluster, ARGV[12] the number of the node's
-- previous emit to the room that Redis has not confirmed to it ('' for none)
-- Returns the entry's id, '' for a number already kept, or 'refused <kept number>'.
local kept = tonumber(redis.call('HGET', KEYS[3], ARGV[8]) or '0')
if kept >= tonumber(ARGV[9]) then
	return ''
end
if ARGV[12] ~= '' and kept < tonumber(ARGV[12]) then
	return 'refused ' .. string.format('%d', kept)
end
local epoch = redis.call('GET', KEYS[1])
if not epoch then
	epoch = ARGV[1]
	redis.call('SET', KEYS[1], epoch)
end
-- each entry names the one before it, so that a node sees a missed entry and a replay
-- can tell whether the client has the newest trimmed entry; the first names none
local previous = ''
local last = redis.call('XREVRANGE', KEYS[2], '+', '-', 'COUNT', 1)[1]
if last then
	previous = last[1]
end
-- an emit without event name marks emits of the node, up to its number, that Redis never
-- took: every node tells the room's clients recovery_incomplete, and so does a replay
-- across it
local fields = { 'p', previous, 'o', ARGV[8], 'n', ARGV[9] }
if ARGV[5] == '' then
	table.insert(fields, 'lost')
	table.insert(fields, '1')
else
	table.insert(fields, 'e')
	table.insert(fields, ARGV[5])
end
if ARGV[6] ~= '' then
	table.insert(fields, 'd')
	table.insert(fields, ARGV[6])
end
if ARGV[10] ~= '' then
	table.insert(fields, 'x')
	table.insert(fields, ARGV[10])
end
local id = redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[2], '*', unpack(fields))
local now = redis.call('TIME')
local oldest = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000) - tonumber(ARGV[3])
redis.call('XTRIM', KEYS[2], 'MINID', '~', string.format('%d', oldest))
redis.call('PEXPIRE', KEYS[2], ARGV[3])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
redis.call('HSET', KEYS[3], ARGV[8], ARGV[9])
redis.call('PEXPIRE', KEYS[3], ARGV[3])
redis.call(ARGV[11], ARGV[4], '{"entry":"' .. epoch .. '.' .. id .. '","previous":"' .. previous .. '",' .. ARGV[7])
return id
