-- Return the kept events of a room after an id, and whether some after it are gone:
-- { epoch, '1' if incomplete else '0', newest entry ('' for none), then per event: id,
-- event, data ('' for none), emitting node, its number, clients left out ('' for none) };
-- an event the client has already (ARGV[4]) comes with an empty event name and no data
-- KEYS[1] the room's epoch, KEYS[2] the room's stream
-- ARGV[1] candidate epoch, ARGV[2] epoch of the client's id, ARGV[3] stream id of the
-- client's id ('' when unreadable), ARGV[4] the node whose emits the client has beyond
-- that entry ('' for none: its own emits delivered before Redis kept them), ARGV[5] the
-- highest number of them
-- a room without an epoch has no events: the candidate stands in, unwritten, so that a
-- resume leaves no key behind
local epoch = redis.call('GET', KEYS[1]) or ARGV[1]
local function parse(id)
	local dash = string.find(id, '-', 1, true)
	return tonumber(string.sub(id, 1, dash - 1)), tonumber(string.sub(id, dash + 1))
end
local function before(a, b)
	local am, as = parse(a)
	local bm, bs = parse(b)
	return am < bm or (am == bm and as < bs)
end
local function field(fields, name)
	for i = 1, #fields, 2 do
		if fields[i] == name then
			return fields[i + 1]
		end
	end
	return nil
end
local since = ARGV[3]
local incomplete = '0'
local from = '-'
if epoch ~= ARGV[2] or since == '' then
	incomplete = '1'
else
	local first = redis.call('XRANGE', KEYS[2], '-', '+', 'COUNT', 1)[1]
	if not first then
		return { epoch, '1', '' }
	end
	if before(since, first[1]) and field(first[2], 'p') ~= since then
		incomplete = '1'
	end
	local last = redis.call('XREVRANGE', KEYS[2], '+', '-', 'COUNT', 1)[1]
	if before(last[1], since) then
		incomplete = '1'
	elseif not before(since, first[1]) and #redis.call('XRANGE', KEYS[2], since, since) == 0 then
		-- trimming only drops the oldest entries: an id within the stream that is not in it
		-- was lost, as the last writes before a Redis Cluster failover that the replica had
		-- not received
		incomplete = '1'
	end
	from = '(' .. since
end
local newest = redis.call('XREVRANGE', KEYS[2], '+', '-', 'COUNT', 1)[1]
local result = { epoch, incomplete, newest and newest[1] or '' }
local skipped = tonumber(ARGV[5]) or 0
for _, entry in ipairs(redis.call('XRANGE', KEYS[2], from, '+')) do
	local event = field(entry[2], 'e')
	if ARGV[4] ~= '' and field(entry[2], 'o') == ARGV[4] and tonumber(field(entry[2], 'n') or '0') <= skipped then
		-- the client has it: named without event and data
		table.insert(result, entry[1])
		table.insert(result, '')
		table.insert(result, '')
		table.insert(result, ARGV[4])
		table.insert(result, field(entry[2], 'n'))
		table.insert(result, '')
		event = nil
	elseif field(entry[2], 'lost') then
		result[2] = '1'
	end
	if event then
		table.insert(result, entry[1])
		table.insert(result, event)
		table.insert(result, field(entry[2], 'd') or '')
		table.insert(result, field(entry[2], 'o') or '')
		table.insert(result, field(entry[2], 'n') or '0')
		table.insert(result, field(entry[2], 'x') or '')
	end
end
return result
