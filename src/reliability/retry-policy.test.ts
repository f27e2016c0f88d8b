import { describe, expect, it, vi } from 'vitest';
import { GatewayError } from '../errors.js';
import { toUpstreamError } from '../providers/shared/upstream-error.js';
import { upstreamTimeoutError } from './upstream-timeouts.js';
import { backoffDelay, isRetryable, readRetryAfterMs, withRetries, type RetryInfo } from './retry-policy.js';

function upstreamError(status: number | null, extra: Record<string, unknown> = {}): GatewayError {
  return new GatewayError('upstream_error', 'vendor failed', {
    details: [{ provider: 'anthropic', status, body: {}, ...extra }],
  });
}

describe('isRetryable', () => {
  it.each([
    ['connection error (status null)', upstreamError(null), true],
    ['408 request timeout', upstreamError(408), true],
    ['409 conflict', upstreamError(409), true],
    ['429 rate limited', upstreamError(429), true],
    ['500', upstreamError(500), true],
    ['502', upstreamError(502), true],
    ['503', upstreamError(503), true],
    ['529 Anthropic overloaded', upstreamError(529), true],
    ['400 bad request', upstreamError(400), false],
    ['401 bad key', upstreamError(401), false],
    ['404 unknown model', upstreamError(404), false],
    ['413 too large', upstreamError(413), false],
    ['422 unprocessable', upstreamError(422), false],
    ['upstream_error without details', new GatewayError('upstream_error', 'x'), false],
    ['first-byte timeout', upstreamTimeoutError('first_byte', 1_000), true],
    ['idle timeout', upstreamTimeoutError('idle', 1_000), false],
    ['total timeout', upstreamTimeoutError('total', 1_000), false],
    ['rate_limited (our own 429)', new GatewayError('rate_limited', 'x'), false],
    ['invalid_request', new GatewayError('invalid_request', 'x'), false],
    ['a plain Error', new Error('bug'), false],
    ['an AbortError', new DOMException('aborted', 'AbortError'), false],
    ['a string', 'oops', false],
  ] as const)('%s -> %s', (_label, error, expected) => {
    expect(isRetryable(error)).toBe(expected);
  });

  it('agrees with what toUpstreamError builds from SDK errors', () => {
    expect(isRetryable(toUpstreamError({ status: 529, error: { type: 'overloaded_error' } }, 'anthropic'))).toBe(true);
    expect(isRetryable(toUpstreamError({ status: 400, error: { message: 'bad' } }, 'openai'))).toBe(false);
    expect(isRetryable(toUpstreamError(new Error('ECONNRESET'), 'gemini'))).toBe(true);
  });
});

describe('readRetryAfterMs', () => {
  it('reads details[0].retryAfterMs when the upstream error carries it', () => {
    expect(readRetryAfterMs(upstreamError(429, { retryAfterMs: 1_500 }))).toBe(1_500);
    expect(readRetryAfterMs(upstreamError(429))).toBeUndefined();
    expect(readRetryAfterMs(upstreamError(429, { retryAfterMs: 'soon' }))).toBeUndefined();
    expect(readRetryAfterMs(new Error('x'))).toBeUndefined();
  });
});

describe('backoffDelay', () => {
  const low = { random: () => 0 };
  const high = { random: () => 0.999_999 };

  it('grows exponentially from 250 ms by 2 up to an 8 s cap (equal jitter by default)', () => {
    const floors = [1, 2, 3, 4, 5, 6, 7, 8].map((attempt) => backoffDelay(attempt, undefined, low));
    const ceilings = [1, 2, 3, 4, 5, 6, 7, 8].map((attempt) => backoffDelay(attempt, undefined, high));
    expect(floors).toEqual([125, 250, 500, 1_000, 2_000, 4_000, 4_000, 4_000]);
    expect(ceilings).toEqual([249, 499, 999, 1_999, 3_999, 7_999, 7_999, 7_999]);
  });

  it('full jitter spreads over [0, ceiling)', () => {
    expect(backoffDelay(3, undefined, { jitter: 'full', random: () => 0 })).toBe(0);
    expect(backoffDelay(3, undefined, { jitter: 'full', random: () => 0.5 })).toBe(500);
    expect(backoffDelay(20, undefined, { jitter: 'full', random: () => 0.999_999 })).toBe(7_999);
  });

  it('stays within bounds for any random value', () => {
    for (let attempt = 1; attempt <= 12; attempt += 1) {
      for (const value of [0, 0.1, 0.5, 0.9, 0.999]) {
        const delay = backoffDelay(attempt, undefined, { random: () => value });
        expect(delay).toBeGreaterThanOrEqual(0);
        expect(delay).toBeLessThanOrEqual(8_000);
      }
    }
  });

  it('honours a vendor Retry-After up to the cap, and gives up beyond it', () => {
    expect(backoffDelay(1, 3_000, low)).toBe(3_000);
    expect(backoffDelay(5, 0, low)).toBe(0);
    expect(backoffDelay(1, 20_000, low)).toBe(20_000);
    expect(backoffDelay(1, 20_001, low)).toBeUndefined();
    expect(backoffDelay(1, 45_000, { retryAfterCapMs: 60_000 })).toBe(45_000);
  });

  it('follows custom base, factor and cap', () => {
    expect(backoffDelay(4, undefined, { baseMs: 100, factor: 3, capMs: 10_000, jitter: 'full', random: () => 0.5 })).toBe(1_350);
  });
});

describe('withRetries', () => {
  const noWait = vi.fn(async () => undefined);

  it('returns the first success and retries retryable failures up to maxRetries', async () => {
    const attempts: number[] = [];
    const result = await withRetries(
      async (attemptNumber) => {
        attempts.push(attemptNumber);
        if (attemptNumber < 2) throw upstreamError(503);
        return 'ok';
      },
      { maxRetries: 2, sleep: noWait },
    );
    expect(result).toBe('ok');
    expect(attempts).toEqual([0, 1, 2]);
  });

  it('throws the last error once retries are spent', async () => {
    const last = upstreamError(500);
    let calls = 0;
    const outcome = withRetries(
      async () => {
        calls += 1;
        throw calls === 3 ? last : upstreamError(502);
      },
      { maxRetries: 2, sleep: noWait },
    );
    await expect(outcome).rejects.toBe(last);
    expect(calls).toBe(3);
  });

  it('does not retry a non-retryable error', async () => {
    const badRequest = upstreamError(400);
    const attempt = vi.fn(async () => {
      throw badRequest;
    });
    await expect(withRetries(attempt, { maxRetries: 5, sleep: noWait })).rejects.toBe(badRequest);
    expect(attempt).toHaveBeenCalledTimes(1);
  });

  it('waits the backoff delay, or the vendor Retry-After, between attempts', async () => {
    const waits: number[] = [];
    const onRetry = vi.fn<(info: RetryInfo) => void>();
    let calls = 0;
    await withRetries(
      async () => {
        calls += 1;
        if (calls === 1) throw upstreamError(429, { retryAfterMs: 1_200 });
        if (calls === 2) throw upstreamError(503);
        return 'ok';
      },
      {
        maxRetries: 3,
        sleep: async (ms) => {
          waits.push(ms);
        },
        backoff: { random: () => 0 },
        onRetry,
      },
    );
    expect(waits).toEqual([1_200, 250]);
    expect(onRetry.mock.calls.map(([info]) => [info.attempt, info.delayMs])).toEqual([
      [1, 1_200],
      [2, 250],
    ]);
  });

  it('gives up at once when the vendor asks for a pause over the cap', async () => {
    const slowDown = upstreamError(429, { retryAfterMs: 120_000 });
    const attempt = vi.fn(async () => {
      throw slowDown;
    });
    await expect(withRetries(attempt, { maxRetries: 3, sleep: noWait })).rejects.toBe(slowDown);
    expect(attempt).toHaveBeenCalledTimes(1);
  });

  it('does not start when the signal is already aborted', async () => {
    const controller = new AbortController();
    const reason = new Error('client gone');
    controller.abort(reason);
    const attempt = vi.fn(async () => 'never');
    await expect(withRetries(attempt, { maxRetries: 3, signal: controller.signal })).rejects.toBe(reason);
    expect(attempt).not.toHaveBeenCalled();
  });

  it('reports the abort, not a retryable connection error, when the client left mid-attempt', async () => {
    const controller = new AbortController();
    const reason = new Error('client gone');
    const attempt = vi.fn(async () => {
      controller.abort(reason);
      // What an SDK aborted through its signal looks like after toUpstreamError.
      throw upstreamError(null);
    });
    await expect(withRetries(attempt, { maxRetries: 3, signal: controller.signal, sleep: noWait })).rejects.toBe(reason);
    expect(attempt).toHaveBeenCalledTimes(1);
  });

  it('stops at once when the client leaves during the backoff wait (real abortable sleep)', async () => {
    const controller = new AbortController();
    const reason = new Error('client gone');
    const attempt = vi.fn(async () => {
      // A 20 s vendor Retry-After: the test finishes only because the abort cuts the wait.
      setImmediate(() => controller.abort(reason));
      throw upstreamError(429, { retryAfterMs: 20_000 });
    });
    await expect(withRetries(attempt, { maxRetries: 3, signal: controller.signal })).rejects.toBe(reason);
    expect(attempt).toHaveBeenCalledTimes(1);
  });
});
