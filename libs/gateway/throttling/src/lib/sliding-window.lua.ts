/**
 * The Redis side of the sliding-window log, one atomic script for every policy of a request.
 *
 * KEYS: one sorted set per policy (score = time in ms of a counted unit).
 * ARGV: now in ms ('' = Redis TIME, the one clock every replica shares), cost, a unique request
 *       id, then limit and window (ms) of each policy in KEYS order.
 * Returns: allowed (1/0), then remaining, resetMs, retryAfterMs per policy.
 *
 * Every key is trimmed to its window first; the request is added to all sets only when every
 * policy has room (a refused request is not counted), and each set expires (PEXPIRE) when its
 * newest unit leaves the window, so idle keys vanish without a sweeper.
 */
export const SLIDING_WINDOW_SCRIPT = `
local now = tonumber(ARGV[1])
if not now then
  local time = redis.call('TIME')
  now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
end
local cost = tonumber(ARGV[2])
local id = ARGV[3]
local out = { 1 }
for i, key in ipairs(KEYS) do
  local limit = tonumber(ARGV[2 + 2 * i])
  local window = tonumber(ARGV[3 + 2 * i])
  redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
  local count = redis.call('ZCARD', key)
  local retry = 0
  if count + cost > limit then
    out[1] = 0
    if cost > limit then
      retry = window
    else
      local index = count + cost - limit - 1
      local blocking = redis.call('ZRANGE', key, index, index, 'WITHSCORES')
      retry = tonumber(blocking[2]) + window - now
    end
  end
  local reset = window
  local oldest = redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')
  if oldest[2] then reset = tonumber(oldest[2]) + window - now end
  local remaining = limit - count
  if remaining < 0 then remaining = 0 end
  out[#out + 1] = remaining
  out[#out + 1] = reset
  out[#out + 1] = retry
end
if out[1] == 1 then
  for i, key in ipairs(KEYS) do
    local members = {}
    for unit = 1, cost do
      members[#members + 1] = now
      members[#members + 1] = id .. ':' .. unit
    end
    redis.call('ZADD', key, unpack(members))
    redis.call('PEXPIRE', key, tonumber(ARGV[3 + 2 * i]))
    out[2 + 3 * (i - 1)] = out[2 + 3 * (i - 1)] - cost
  end
end
return out
`;
