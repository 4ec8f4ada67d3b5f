-- Claim a client id for this node unless a node still alive holds it: the nodes found
-- gone lose their hold first, and the check and the claim are one step, so that of two
-- clients that want one id at once only one gets it.
-- KEYS[1] the client's set of holding nodes
-- ARGV[1] this node, ARGV[2..] nodes found gone
-- Returns the other holders: none when the id was claimed.
for i = 2, #ARGV do
	redis.call('SREM', KEYS[1], ARGV[i])
end
local others = {}
for _, node in ipairs(redis.call('SMEMBERS', KEYS[1])) do
	if node ~= ARGV[1] then
		table.insert(others, node)
	end
end
if #others == 0 then
	redis.call('SADD', KEYS[1], ARGV[1])
end
return others
