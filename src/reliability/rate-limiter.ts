/**
 * The one interface the HTTP layer calls for `requests_per_second` (SPEC §3, §8): in memory for
 * a single instance, or through Redis when `REDIS_URL` is set so every instance shares one
 * bucket. Routes see only `take()`; which one runs is decided once, at start-up.
 */

import type { RedisRateLimiterOptions } from './redis-rate-limiter.js';
import { createTokenBucket, type RateDecision, type RateLimitSettings } from './token-bucket.js';

export type { RateDecision, RateLimitSettings } from './token-bucket.js';

export interface RateLimiter {
  /** Admits or refuses one request. Never rejects: a broken backend degrades, it does not 500. */
  take(): Promise<RateDecision>;
  /** Releases connections (Redis); call once on shutdown. */
  close(): Promise<void>;
}

export interface MemoryRateLimiterOptions extends RateLimitSettings {
  /** Milliseconds on a monotonic clock; tests inject one. */
  readonly now?: () => number;
}

export function createMemoryRateLimiter(options: MemoryRateLimiterOptions): RateLimiter {
  const bucket = createTokenBucket(options);
  const now = options.now ?? (() => performance.now());
  return {
    take: async () => bucket.take(now()),
    close: async () => undefined,
  };
}

export interface RateLimiterOptions extends RateLimitSettings, Omit<RedisRateLimiterOptions, 'redisUrl'> {
  /** When set (from `REDIS_URL`), the limit is shared by every instance through this Redis. */
  readonly redisUrl?: string | undefined;
}

/**
 * @example
 * const limiter = createRateLimiter({
 *   ratePerSecond: config.requests_per_second,
 *   redisUrl: process.env.REDIS_URL,
 *   onRedisError: (error) => logger.warn({ err: error }, 'rate limit: Redis unavailable, limiting per instance'),
 * });
 * const decision = await limiter.take();
 * if (!decision.allowed) throw rateLimitedError(decision.retryAfterSeconds);
 */
export function createRateLimiter(options: RateLimiterOptions): RateLimiter {
  const { redisUrl, ...rest } = options;
  if (redisUrl === undefined || redisUrl === '') return createMemoryRateLimiter(rest);
  // The Redis client library is loaded only by deployments that use it.
  const redis = import('./redis-rate-limiter.js').then(({ createRedisRateLimiter }) =>
    createRedisRateLimiter({ ...rest, redisUrl }),
  );
  return {
    take: async () => (await redis).take(),
    close: async () => (await redis).close(),
  };
}
