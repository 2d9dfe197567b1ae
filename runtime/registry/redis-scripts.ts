/**
 * The Lua scripts of the Redis registry (see redis.ts for the data layout).
 * Scripts keep a service's keys in step and take time from Redis (`TIME`),
 * so client clocks never decide whether a lease has ended.
 */

/** Create or renew a lease: KEYS exp, rec, left; ARGV member, json, ttlMs, channel. Publishes when the record changed. */
export const REGISTER = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local ttl = tonumber(ARGV[3])
local old = redis.call('HGET', KEYS[2], ARGV[1])
redis.call('ZADD', KEYS[1], now + ttl, ARGV[1])
redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
redis.call('ZREM', KEYS[3], ARGV[1])
for _, k in ipairs(KEYS) do
  if redis.call('PTTL', k) < 2 * ttl then redis.call('PEXPIRE', k, 2 * ttl) end
end
if old ~= ARGV[2] then redis.call('PUBLISH', ARGV[4], ARGV[1]) end
return 1`;

/** KEYS exp, rec, left; ARGV member, channel. Leaves a tombstone in `left` and publishes when something was removed. */
export const DEREGISTER = `
local t = redis.call('TIME')
local removed = redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('HDEL', KEYS[2], ARGV[1])
if removed > 0 then
  redis.call('ZADD', KEYS[3], tonumber(t[1]) * 1000, ARGV[1])
  redis.call('PEXPIRE', KEYS[3], 120000)
  redis.call('PUBLISH', ARGV[2], ARGV[1])
end
return removed`;

/** KEYS exp, rec, left; ARGV channel. Prune expired members (publishing when any), then return { now, #left, left..., score, json, score, json, ... }. */
export const LIST = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local gone = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now)
if #gone > 0 then
  redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
  for _, m in ipairs(gone) do redis.call('HDEL', KEYS[2], m) end
  redis.call('PUBLISH', ARGV[1], '-')
end
redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', now - 60000)
local left = redis.call('ZRANGE', KEYS[3], 0, -1)
local live = redis.call('ZRANGE', KEYS[1], 0, -1, 'WITHSCORES')
local out = { tostring(now), tostring(#left) }
for _, m in ipairs(left) do out[#out + 1] = m end
for i = 1, #live, 2 do
  local v = redis.call('HGET', KEYS[2], live[i])
  if v then out[#out + 1] = live[i + 1]; out[#out + 1] = v end
end
return out`;
