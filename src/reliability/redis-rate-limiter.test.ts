import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { redisAvailable, startRedisServer, type RedisTestServer } from '../../test/support/redis-server.js';
import type { RateDecision } from './token-bucket.js';
import { createRateLimiter, type RateLimiter } from './rate-limiter.js';
import { createRedisRateLimiter } from './redis-rate-limiter.js';

const available = redisAvailable();
if (!available) {
  console.warn('Skipping the Redis rate-limit tests: redis-server is not installed (apt-get install -y redis-server).');
}

function allowedCount(decisions: readonly RateDecision[]): number {
  return decisions.filter((decision) => decision.allowed).length;
}

describe.skipIf(!available)('RedisRateLimiter on a real redis-server (skipped without redis-server)', () => {
  let redis: RedisTestServer;
  let admin: Redis;
  const limiters: RateLimiter[] = [];
  const track = (limiter: RateLimiter): RateLimiter => {
    limiters.push(limiter);
    return limiter;
  };

  beforeAll(async () => {
    redis = await startRedisServer();
    admin = new Redis(redis.url);
  });

  afterAll(async () => {
    await Promise.all(limiters.map((limiter) => limiter.close()));
    await admin.quit();
    await redis.stop();
  });

  it('two instances on one Redis admit no more than the shared burst in total', async () => {
    const keyPrefix = `test:${randomUUID()}:`;
    // A refill of one token per second keeps the count exact even on a slow machine: an
    // extra token would need the 40 takes to straddle a whole second.
    const settings = { redisUrl: redis.url, ratePerSecond: 1, burst: 5, keyPrefix };
    const first = track(createRedisRateLimiter(settings));
    const second = track(createRedisRateLimiter(settings));
    const takes = Array.from({ length: 40 }, (_unused, index) => (index % 2 === 0 ? first : second).take());
    const decisions = await Promise.all(takes);
    expect(allowedCount(decisions)).toBe(5);
    for (const decision of decisions) {
      if (!decision.allowed) expect(decision.retryAfterSeconds).toBe(1);
    }
  });

  it('two instances at rate 5, burst 5 share one bucket', async () => {
    const keyPrefix = `test:${randomUUID()}:`;
    const settings = { redisUrl: redis.url, ratePerSecond: 5, burst: 5, keyPrefix };
    const first = track(createRedisRateLimiter(settings));
    const second = track(createRedisRateLimiter(settings));
    const decisions = await Promise.all(
      Array.from({ length: 40 }, (_unused, index) => (index % 2 === 0 ? first : second).take()),
    );
    // Each instance alone would admit 5; together they admit the shared 5 (one more only if
    // the takes straddle a 200 ms refill).
    expect(allowedCount(decisions)).toBeGreaterThanOrEqual(5);
    expect(allowedCount(decisions)).toBeLessThanOrEqual(6);
  });

  it('uses Redis time and a fractional rate: 0.1/s admits one and asks for ~10 s', async () => {
    const keyPrefix = `test:${randomUUID()}:`;
    const limiter = track(createRateLimiter({ redisUrl: redis.url, ratePerSecond: 0.1, keyPrefix }));
    expect(await limiter.take()).toEqual({ allowed: true });
    const refused = await limiter.take();
    expect(refused.allowed).toBe(false);
    if (!refused.allowed) {
      expect(refused.retryAfterSeconds).toBeGreaterThanOrEqual(9);
      expect(refused.retryAfterSeconds).toBeLessThanOrEqual(10);
    }
  });

  it('keeps the bucket under the configured prefix with a TTL', async () => {
    const keyPrefix = `test:${randomUUID()}:`;
    const limiter = track(createRedisRateLimiter({ redisUrl: redis.url, ratePerSecond: 2, burst: 4, keyPrefix }));
    await limiter.take();
    const keys = await admin.keys(`${keyPrefix}*`);
    expect(keys).toEqual([`${keyPrefix}rate-limit`]);
    const ttlMs = await admin.pttl(`${keyPrefix}rate-limit`);
    // burst / rate = 2 s to refill, plus a second of slack.
    expect(ttlMs).toBeGreaterThan(0);
    expect(ttlMs).toBeLessThanOrEqual(3_000);
    expect(await admin.hget(`${keyPrefix}rate-limit`, 'tokens')).toBe('3');
  });

  it('reloads the script with EVAL after SCRIPT FLUSH (NOSCRIPT fallback)', async () => {
    const keyPrefix = `test:${randomUUID()}:`;
    const limiter = track(createRedisRateLimiter({ redisUrl: redis.url, ratePerSecond: 1, burst: 2, keyPrefix }));
    expect(await limiter.take()).toEqual({ allowed: true });
    await admin.script('FLUSH');
    expect(await limiter.take()).toEqual({ allowed: true });
    expect(await limiter.take()).toMatchObject({ allowed: false });
  });

  it('falls back to a per-instance bucket and warns once when Redis goes away', async () => {
    const own = await startRedisServer();
    const onRedisError = vi.fn();
    const limiter = track(
      createRedisRateLimiter({ redisUrl: own.url, ratePerSecond: 1, burst: 2, keyPrefix: 'down:', onRedisError }),
    );
    expect(await limiter.take()).toEqual({ allowed: true });
    expect(onRedisError).not.toHaveBeenCalled();
    await own.stop();
    // The local bucket starts full (2), so the next two pass and the third is refused.
    const decisions = [await limiter.take(), await limiter.take(), await limiter.take()];
    expect(decisions.map((decision) => decision.allowed)).toEqual([true, true, false]);
    expect(onRedisError).toHaveBeenCalledTimes(1);
    expect(onRedisError.mock.calls[0]?.[0]).toBeInstanceOf(Error);
  });
});

describe('RedisRateLimiter without any Redis', () => {
  it('never rejects: an unreachable Redis degrades to local limiting', async () => {
    const onRedisError = vi.fn();
    // Port 1 on loopback: nothing listens there, so the connection is refused at once.
    const limiter = createRedisRateLimiter({ redisUrl: 'redis://127.0.0.1:1', ratePerSecond: 1, burst: 1, onRedisError });
    expect(await limiter.take()).toEqual({ allowed: true });
    expect(await limiter.take()).toEqual({ allowed: false, retryAfterSeconds: 1 });
    expect(onRedisError).toHaveBeenCalledTimes(1);
    await limiter.close();
  });
});
