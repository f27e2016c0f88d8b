import { describe, expect, it } from 'vitest';
import { createTokenBucket, retryAfterSecondsFor } from './token-bucket.js';

/** Takes `count` tokens at the same instant and counts how many were admitted. */
function admittedAt(bucket: ReturnType<typeof createTokenBucket>, now: number, count: number): number {
  let admitted = 0;
  for (let index = 0; index < count; index += 1) if (bucket.take(now).allowed) admitted += 1;
  return admitted;
}

describe('createTokenBucket', () => {
  it('admits a full burst at once, then refuses with Retry-After', () => {
    const bucket = createTokenBucket({ ratePerSecond: 5, burst: 5 });
    expect(admittedAt(bucket, 0, 5)).toBe(5);
    expect(bucket.take(0)).toEqual({ allowed: false, retryAfterSeconds: 1 });
  });

  it('defaults the burst to max(1, ceil(rate))', () => {
    expect(admittedAt(createTokenBucket({ ratePerSecond: 2.5 }), 0, 10)).toBe(3);
    expect(admittedAt(createTokenBucket({ ratePerSecond: 0.1 }), 0, 10)).toBe(1);
    expect(admittedAt(createTokenBucket({ ratePerSecond: 50 }), 0, 100)).toBe(50);
  });

  it('refills continuously at the rate', () => {
    const bucket = createTokenBucket({ ratePerSecond: 10, burst: 10 });
    expect(admittedAt(bucket, 0, 10)).toBe(10);
    expect(admittedAt(bucket, 99, 1)).toBe(0);
    expect(admittedAt(bucket, 100, 5)).toBe(1);
    expect(admittedAt(bucket, 600, 10)).toBe(5);
  });

  it('never holds more than the burst, however long it was idle', () => {
    const bucket = createTokenBucket({ ratePerSecond: 10, burst: 3 });
    expect(admittedAt(bucket, 0, 3)).toBe(3);
    expect(admittedAt(bucket, 3_600_000, 10)).toBe(3);
  });

  it('handles fractional rates: 0.1/s admits one request per 10 s', () => {
    const bucket = createTokenBucket({ ratePerSecond: 0.1 });
    expect(bucket.take(0)).toEqual({ allowed: true });
    expect(bucket.take(1)).toEqual({ allowed: false, retryAfterSeconds: 10 });
    expect(bucket.take(1_000)).toEqual({ allowed: false, retryAfterSeconds: 9 });
    expect(bucket.take(9_999)).toMatchObject({ allowed: false });
    expect(bucket.take(10_000)).toEqual({ allowed: true });
    expect(bucket.take(10_000)).toMatchObject({ allowed: false });
    expect(bucket.take(20_000)).toEqual({ allowed: true });
  });

  it('admits exactly at refill boundaries despite float rounding', () => {
    const bucket = createTokenBucket({ ratePerSecond: 0.3, burst: 1 });
    const admitted = [0, 1, 2, 3, 4, 5].filter((step) => bucket.take((step * 1000) / 0.3).allowed);
    expect(admitted).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('rounds Retry-After up to whole seconds, never below 1', () => {
    const bucket = createTokenBucket({ ratePerSecond: 0.4, burst: 1 });
    expect(bucket.take(0).allowed).toBe(true);
    expect(bucket.take(0)).toEqual({ allowed: false, retryAfterSeconds: 3 });
    expect(retryAfterSecondsFor(0.01, 100)).toBe(1);
    expect(retryAfterSecondsFor(1, 0.25)).toBe(4);
  });

  it('does not drain when the clock steps backwards', () => {
    const bucket = createTokenBucket({ ratePerSecond: 1, burst: 2 });
    expect(admittedAt(bucket, 10_000, 2)).toBe(2);
    expect(admittedAt(bucket, 5_000, 1)).toBe(0);
    expect(admittedAt(bucket, 11_000, 1)).toBe(1);
  });

  it.each([
    [{ ratePerSecond: 0 }],
    [{ ratePerSecond: -1 }],
    [{ ratePerSecond: Number.NaN }],
    [{ ratePerSecond: Number.POSITIVE_INFINITY }],
    [{ ratePerSecond: 1, burst: 0.5 }],
  ])('rejects bad settings %j at creation', (settings) => {
    expect(() => createTokenBucket(settings)).toThrow(RangeError);
  });
});
