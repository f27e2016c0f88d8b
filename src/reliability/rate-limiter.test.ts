import { describe, expect, it } from 'vitest';
import { createMemoryRateLimiter, createRateLimiter } from './rate-limiter.js';
import { rateLimitedError } from './rate-limited-error.js';

describe('createMemoryRateLimiter', () => {
  it('wraps the token bucket behind the async RateLimiter interface', async () => {
    let now = 0;
    const limiter = createMemoryRateLimiter({ ratePerSecond: 2, burst: 2, now: () => now });
    expect(await limiter.take()).toEqual({ allowed: true });
    expect(await limiter.take()).toEqual({ allowed: true });
    expect(await limiter.take()).toEqual({ allowed: false, retryAfterSeconds: 1 });
    now = 500;
    expect(await limiter.take()).toEqual({ allowed: true });
    await limiter.close();
  });
});

describe('createRateLimiter', () => {
  it('limits in memory when no Redis URL is given', async () => {
    for (const redisUrl of [undefined, '']) {
      const limiter = createRateLimiter({ ratePerSecond: 1, burst: 1, redisUrl });
      expect(await limiter.take()).toEqual({ allowed: true });
      expect(await limiter.take()).toMatchObject({ allowed: false });
      await limiter.close();
    }
  });

  it('fails at creation on a bad rate, before any request', () => {
    expect(() => createRateLimiter({ ratePerSecond: 0 })).toThrow(RangeError);
  });
});

describe('rateLimitedError', () => {
  it('is a 429 rate_limited with a whole-second Retry-After of at least 1', () => {
    const error = rateLimitedError(2.2);
    expect(error).toMatchObject({ code: 'rate_limited', status: 429, headers: { 'retry-after': '3' } });
    expect(rateLimitedError(0).headers).toEqual({ 'retry-after': '1' });
  });
});
