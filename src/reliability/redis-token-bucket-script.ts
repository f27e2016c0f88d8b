/**
 * The token bucket of `token-bucket.ts`, run inside Redis so every gateway instance draws from
 * one bucket. One script call is atomic: no other client can read or write the bucket between
 * its read and its write, so concurrent takes from many instances never over-admit.
 *
 * The clock is Redis's own `TIME`, so instances with skewed clocks still agree. The timestamp is
 * kept as TIME's two integer parts (seconds, microseconds): Lua 5.1's `tostring` keeps only 14
 * significant digits, which would round a microsecond epoch to ~10 ms.
 *
 * KEYS[1]  the bucket (a hash: tokens, seconds, microseconds)
 * ARGV[1]  rate, tokens per second (may be fractional)
 * ARGV[2]  burst, the bucket's capacity
 * ARGV[3]  time to live of the key in ms: once a bucket has been idle long enough to refill
 *          completely, a missing key means the same thing as a full one.
 * ARGV[4]  the float slack (TOKEN_EPSILON)
 * Returns  { 1, 0 } when admitted, { 0, retryAfterSeconds } when not.
 *
 * @see https://redis.io/docs/latest/develop/interact/programmability/eval-intro/
 * @see https://redis.io/docs/latest/commands/time/
 */

export const redisTokenBucketScript = `
if redis.replicate_commands then redis.replicate_commands() end
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local ttl_ms = tonumber(ARGV[3])
local epsilon = tonumber(ARGV[4])

local time = redis.call('TIME')
local now_seconds = tonumber(time[1])
local now_micros = tonumber(time[2])

local state = redis.call('HMGET', KEYS[1], 'tokens', 'seconds', 'micros')
local tokens = tonumber(state[1])
local seconds = tonumber(state[2])
local micros = tonumber(state[3])

if tokens == nil or seconds == nil or micros == nil then
  tokens = burst
else
  local elapsed = (now_seconds - seconds) + (now_micros - micros) / 1000000
  if elapsed < 0 then elapsed = 0 end
  tokens = math.min(burst, tokens + elapsed * rate)
end

local allowed = 0
local retry_after = 0
if tokens + epsilon >= 1 then
  allowed = 1
  tokens = math.max(0, tokens - 1)
else
  retry_after = math.max(1, math.ceil((1 - tokens) / rate - epsilon))
end

redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'seconds', time[1], 'micros', time[2])
redis.call('PEXPIRE', KEYS[1], ttl_ms)
return { allowed, retry_after }
`;
