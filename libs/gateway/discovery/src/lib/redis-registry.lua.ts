/** Current Redis server time in ms: one clock for every registrant and reader. */
const NOW = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
`;

/**
 * Heartbeat of one instance. KEYS[1]: the service's sorted set; ARGV[1]: the instance (JSON);
 * ARGV[2]: TTL in ms. Scores are expiry times; expired members are dropped, and the set itself
 * expires when no instance renews it.
 */
export const HEARTBEAT_SCRIPT = `${NOW}
local ttl = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
redis.call('ZADD', KEYS[1], now + ttl, ARGV[1])
if redis.call('PTTL', KEYS[1]) < ttl then redis.call('PEXPIRE', KEYS[1], ttl) end
return 1
`;

/** The live (not yet expired) members of each sorted set in KEYS, as one array per key. */
export const LIVE_INSTANCES_SCRIPT = `${NOW}
local out = {}
for i, key in ipairs(KEYS) do
  out[i] = redis.call('ZRANGEBYSCORE', key, '(' .. now, '+inf')
end
return out
`;
