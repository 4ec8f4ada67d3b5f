-- Return how many connections subscribe to a channel (a node's own channel: none once
-- the node's process is gone, since Redis closes its connections).
-- ARGV[1] the channel
return redis.call('PUBSUB', 'NUMSUB', ARGV[1])[2]
