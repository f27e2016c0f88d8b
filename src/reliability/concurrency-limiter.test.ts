import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { GatewayError } from '../errors.js';
import { createConcurrencyLimiter, type Release } from './concurrency-limiter.js';

/** Lets promise callbacks run without moving fake time. */
const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('createConcurrencyLimiter', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('hands out max_concurrency slots at once and queues the rest', async () => {
    const limiter = createConcurrencyLimiter({ maxConcurrency: 2, maxQueue: 5, queueTimeoutMs: 1_000 });
    await limiter.acquire();
    await limiter.acquire();
    const waiting = limiter.acquire();
    expect(limiter.inFlight).toBe(2);
    expect(limiter.queued).toBe(1);
    let granted = false;
    void waiting.then(() => {
      granted = true;
    });
    await settle();
    expect(granted).toBe(false);
  });

  it('grants waiters in FIFO order as slots are released', async () => {
    const limiter = createConcurrencyLimiter({ maxConcurrency: 1, maxQueue: 5, queueTimeoutMs: 10_000 });
    const order: string[] = [];
    const first = await limiter.acquire();
    const waiters = ['a', 'b', 'c'].map((name) =>
      limiter.acquire().then((release) => {
        order.push(name);
        return release;
      }),
    );
    first();
    const releaseA = await waiters[0];
    expect(order).toEqual(['a']);
    releaseA?.();
    const releaseB = await waiters[1];
    releaseB?.();
    const releaseC = await waiters[2];
    expect(order).toEqual(['a', 'b', 'c']);
    expect(limiter.inFlight).toBe(1);
    releaseC?.();
    expect(limiter.inFlight).toBe(0);
    expect(limiter.queued).toBe(0);
  });

  it('answers 429 with Retry-After when the queue is full', async () => {
    const limiter = createConcurrencyLimiter({ maxConcurrency: 1, maxQueue: 1, queueTimeoutMs: 1_000, name: 'claude' });
    await limiter.acquire();
    const queued = limiter.acquire();
    const refused = await limiter.acquire().catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(GatewayError);
    expect(refused).toMatchObject({ code: 'rate_limited', status: 429, headers: { 'retry-after': '1' } });
    expect((refused as GatewayError).message).toContain('"claude"');
    expect(limiter.queued).toBe(1);
    queued.catch(() => undefined);
  });

  it('with maxQueue 0 refuses as soon as every slot is taken', async () => {
    const limiter = createConcurrencyLimiter({ maxConcurrency: 1, maxQueue: 0, queueTimeoutMs: 1_000 });
    const release = await limiter.acquire();
    await expect(limiter.acquire()).rejects.toMatchObject({ code: 'rate_limited' });
    release();
    await expect(limiter.acquire()).resolves.toBeTypeOf('function');
  });

  it('answers 429 when a waiter waited past queueTimeoutMs, and forgets it', async () => {
    const limiter = createConcurrencyLimiter({
      maxConcurrency: 1,
      maxQueue: 3,
      queueTimeoutMs: 500,
      retryAfterSeconds: 2,
    });
    const release = await limiter.acquire();
    const waiting = limiter.acquire();
    const outcome = waiting.catch((error: unknown) => error);
    vi.advanceTimersByTime(499);
    await settle();
    expect(limiter.queued).toBe(1);
    vi.advanceTimersByTime(1);
    expect(await outcome).toMatchObject({ code: 'rate_limited', headers: { 'retry-after': '2' } });
    expect(limiter.queued).toBe(0);
    release();
    expect(limiter.inFlight).toBe(0);
  });

  it('an aborted signal removes the waiter at once with the abort reason, and frees nothing', async () => {
    const limiter = createConcurrencyLimiter({ maxConcurrency: 1, maxQueue: 3, queueTimeoutMs: 10_000 });
    const release = await limiter.acquire();
    const controller = new AbortController();
    const abandoned = limiter.acquire(controller.signal).catch((error: unknown) => error);
    const next = limiter.acquire();
    expect(limiter.queued).toBe(2);
    const reason = new Error('client went away');
    controller.abort(reason);
    expect(limiter.queued).toBe(1);
    expect(limiter.inFlight).toBe(1);
    expect(await abandoned).toBe(reason);
    // The slot goes to the next live waiter, not to the one that left.
    release();
    const releaseNext = await next;
    expect(limiter.inFlight).toBe(1);
    releaseNext();
    expect(limiter.inFlight).toBe(0);
    // Its queue timer was cleared with it.
    expect(vi.getTimerCount()).toBe(0);
  });

  it('rejects at once, without queueing, when the signal is already aborted', async () => {
    const limiter = createConcurrencyLimiter({ maxConcurrency: 1, maxQueue: 3, queueTimeoutMs: 1_000 });
    const controller = new AbortController();
    controller.abort();
    await expect(limiter.acquire(controller.signal)).rejects.toMatchObject({ name: 'AbortError' });
    expect(limiter.inFlight).toBe(0);
    expect(limiter.queued).toBe(0);
  });

  it('release is idempotent: a second call frees nothing', async () => {
    const limiter = createConcurrencyLimiter({ maxConcurrency: 2, maxQueue: 3, queueTimeoutMs: 1_000 });
    const releaseFirst: Release = await limiter.acquire();
    await limiter.acquire();
    const waiting = limiter.acquire();
    releaseFirst();
    await waiting;
    expect(limiter.inFlight).toBe(2);
    releaseFirst();
    releaseFirst();
    expect(limiter.inFlight).toBe(2);
    // Had the extra calls freed a slot, this waiter would be granted one.
    void limiter.acquire().catch(() => undefined);
    await settle();
    expect(limiter.queued).toBe(1);
  });

  it('a grant clears the waiter timer and abort listener', async () => {
    const limiter = createConcurrencyLimiter({ maxConcurrency: 1, maxQueue: 3, queueTimeoutMs: 1_000 });
    const release = await limiter.acquire();
    const controller = new AbortController();
    const waiting = limiter.acquire(controller.signal);
    expect(vi.getTimerCount()).toBe(1);
    release();
    const releaseWaiter = await waiting;
    expect(vi.getTimerCount()).toBe(0);
    // Aborting after the grant must not free the granted slot or throw.
    controller.abort();
    expect(limiter.inFlight).toBe(1);
    releaseWaiter();
    expect(limiter.inFlight).toBe(0);
  });

  it.each([
    [{ maxConcurrency: 0, maxQueue: 0, queueTimeoutMs: 0 }],
    [{ maxConcurrency: 1.5, maxQueue: 0, queueTimeoutMs: 0 }],
    [{ maxConcurrency: 1, maxQueue: -1, queueTimeoutMs: 0 }],
    [{ maxConcurrency: 1, maxQueue: 1, queueTimeoutMs: Number.NaN }],
  ])('rejects bad settings %j', (options) => {
    expect(() => createConcurrencyLimiter(options)).toThrow(RangeError);
  });
});
