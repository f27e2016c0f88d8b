import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { GatewayError } from '../errors.js';
import type { SseEvent, SseEventBatch, UpstreamReply } from '../providers/provider.js';
import { eventsOf } from '../../test/support/event-batches.js';
import { withRetries } from './retry-policy.js';
import { withUpstreamTimeouts } from './upstream-timeouts.js';

/**
 * A vendor stream the test drives by hand: push events (each its own batch), end it, fail it;
 * it records `return()`.
 */
function scriptedStream() {
  const ready: IteratorResult<SseEventBatch>[] = [];
  const waiting: { resolve: (result: IteratorResult<SseEventBatch>) => void; reject: (error: Error) => void }[] = [];
  let failure: Error | undefined;
  const state = { returned: false };
  const deliver = (result: IteratorResult<SseEventBatch>): void => {
    const next = waiting.shift();
    if (next) next.resolve(result);
    else ready.push(result);
  };
  const iterator: AsyncIterator<SseEventBatch> = {
    next: () => {
      const result = ready.shift();
      if (result) return Promise.resolve(result);
      if (failure) return Promise.reject(failure);
      return new Promise((resolve, reject) => waiting.push({ resolve, reject }));
    },
    return: async () => {
      state.returned = true;
      return { done: true, value: undefined };
    },
  };
  return {
    batches: { [Symbol.asyncIterator]: () => iterator } satisfies AsyncIterable<SseEventBatch>,
    state,
    push: (data: string) => deliver({ done: false, value: { events: [{ event: undefined, data }] } }),
    end: () => deliver({ done: true, value: undefined }),
    fail: (error: Error) => {
      failure = error;
      waiting.shift()?.reject(error);
    },
  };
}

const never = <T>(): Promise<T> => new Promise<T>(() => undefined);

function expectTimeout(error: unknown, timeout: string): void {
  expect(error).toBeInstanceOf(GatewayError);
  expect(error).toMatchObject({ code: 'upstream_timeout', status: 504, details: [{ timeout }] });
}

/** The guarded stream, one event at a time (the scripted vendor sends one per batch). */
function streamOf(reply: UpstreamReply): AsyncIterator<SseEvent> {
  if (reply.kind !== 'stream') throw new Error('expected a stream');
  const batches = reply.batches[Symbol.asyncIterator]();
  return {
    async next(): Promise<IteratorResult<SseEvent>> {
      const result = await batches.next();
      if (result.done === true) return { done: true, value: undefined };
      const [event, ...more] = result.value.events;
      if (event === undefined || more.length > 0) throw new Error('expected one event per batch');
      return { done: false, value: event };
    },
    async return(): Promise<IteratorResult<SseEvent>> {
      await batches.return?.();
      return { done: true, value: undefined };
    },
  };
}

describe('withUpstreamTimeouts', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  const limits = { firstByteMs: 1_000, idleMs: 500, totalMs: 5_000 };

  it('passes a JSON reply through and leaves no timer behind', async () => {
    let upstreamSignal: AbortSignal | undefined;
    const reply = await withUpstreamTimeouts(async (signal) => {
      upstreamSignal = signal;
      return { kind: 'json', body: '{"ok":true}' };
    }, limits);
    expect(reply).toEqual({ kind: 'json', body: '{"ok":true}' });
    expect(vi.getTimerCount()).toBe(0);
    expect(upstreamSignal?.aborted).toBe(false);
  });

  it('first byte: a reply that never arrives aborts the upstream and throws upstream_timeout', async () => {
    let upstreamSignal: AbortSignal | undefined;
    const outcome = withUpstreamTimeouts((signal) => {
      upstreamSignal = signal;
      return never();
    }, limits).catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(999);
    expect(upstreamSignal?.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    const error = await outcome;
    expectTimeout(error, 'first_byte');
    expect((error as GatewayError).details).toEqual([{ timeout: 'first_byte', limitMs: 1_000 }]);
    expect(upstreamSignal?.aborted).toBe(true);
    expect(upstreamSignal?.reason).toBe(error);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('first byte covers a stream until its first event, and the promise waits for it', async () => {
    const vendor = scriptedStream();
    let settled = false;
    const pending = withUpstreamTimeouts(async () => ({ kind: 'stream', batches: vendor.batches }), limits);
    void pending.then(() => {
      settled = true;
    });
    await vi.advanceTimersByTimeAsync(900);
    expect(settled).toBe(false);
    vendor.push('first');
    const events = streamOf(await pending);
    expect(await events.next()).toEqual({ done: false, value: { event: undefined, data: 'first' } });
  });

  it('first byte: a stream whose first event never comes times out and is closed', async () => {
    const vendor = scriptedStream();
    const outcome = withUpstreamTimeouts(async () => ({ kind: 'stream', batches: vendor.batches }), limits).catch(
      (error: unknown) => error,
    );
    await vi.advanceTimersByTimeAsync(1_000);
    expectTimeout(await outcome, 'first_byte');
    expect(vendor.state.returned).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('a vendor error before the first event rejects the promise with that error (retryable there)', async () => {
    const vendor = scriptedStream();
    const reset = new Error('ECONNRESET');
    const pending = withUpstreamTimeouts(async () => ({ kind: 'stream', batches: vendor.batches }), limits);
    vendor.fail(reset);
    await expect(pending).rejects.toBe(reset);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('idle: a gap longer than idleMs between events throws upstream_timeout from the iterator', async () => {
    const vendor = scriptedStream();
    let upstreamSignal: AbortSignal | undefined;
    vendor.push('first');
    const events = streamOf(
      await withUpstreamTimeouts(async (signal) => {
        upstreamSignal = signal;
        return { kind: 'stream', batches: vendor.batches };
      }, limits),
    );
    await events.next();
    const second = events.next().catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(500);
    expectTimeout(await second, 'idle');
    expect(upstreamSignal?.aborted).toBe(true);
    expect(vendor.state.returned).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
    expect(await events.next()).toEqual({ done: true, value: undefined });
  });

  it('idle: each event restarts the idle timer, and time the consumer spends does not count', async () => {
    const vendor = scriptedStream();
    vendor.push('first');
    const events = streamOf(await withUpstreamTimeouts(async () => ({ kind: 'stream', batches: vendor.batches }), limits));
    await events.next();
    for (const data of ['a', 'b', 'c', 'd']) {
      const next = events.next();
      await vi.advanceTimersByTimeAsync(400);
      vendor.push(data);
      expect(await next).toEqual({ done: false, value: { event: undefined, data } });
      // A slow consumer (a client reading slowly): no next() pending, so no idle timer runs.
      await vi.advanceTimersByTimeAsync(600);
    }
    const last = events.next();
    vendor.end();
    expect(await last).toEqual({ done: true, value: undefined });
    expect(vi.getTimerCount()).toBe(0);
  });

  it('total: a stream that keeps talking past totalMs is cut with upstream_timeout', async () => {
    const vendor = scriptedStream();
    vendor.push('first');
    const events = streamOf(
      await withUpstreamTimeouts(async () => ({ kind: 'stream', batches: vendor.batches }), {
        idleMs: 500,
        totalMs: 2_000,
      }),
    );
    await events.next();
    let outcome: unknown;
    for (let index = 0; index < 10 && outcome === undefined; index += 1) {
      const next = events.next().catch((error: unknown) => error);
      await vi.advanceTimersByTimeAsync(300);
      vendor.push(`event ${index}`);
      const result = await next;
      if (result instanceof Error) outcome = result;
    }
    expectTimeout(outcome, 'total');
    expect(vendor.state.returned).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('a parent abort before the reply propagates as the abort, not a timeout', async () => {
    const parent = new AbortController();
    let upstreamSignal: AbortSignal | undefined;
    const outcome = withUpstreamTimeouts(
      (signal) => {
        upstreamSignal = signal;
        return never();
      },
      limits,
      parent.signal,
    ).catch((error: unknown) => error);
    const reason = new Error('client closed the connection');
    parent.abort(reason);
    expect(await outcome).toBe(reason);
    expect(upstreamSignal?.aborted).toBe(true);
    expect(upstreamSignal?.reason).toBe(reason);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('a parent abort mid-stream makes the iterator throw the abort reason', async () => {
    const parent = new AbortController();
    const vendor = scriptedStream();
    vendor.push('first');
    const events = streamOf(
      await withUpstreamTimeouts(async () => ({ kind: 'stream', batches: vendor.batches }), limits, parent.signal),
    );
    await events.next();
    const next = events.next().catch((error: unknown) => error);
    parent.abort();
    const error = await next;
    expect(error).not.toBeInstanceOf(GatewayError);
    expect(error).toMatchObject({ name: 'AbortError' });
    expect(vendor.state.returned).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('an already-aborted parent never starts the upstream call', async () => {
    const parent = new AbortController();
    parent.abort();
    const start = vi.fn(async (): Promise<UpstreamReply> => ({ kind: 'json', body: '{}' }));
    await expect(withUpstreamTimeouts(start, limits, parent.signal)).rejects.toMatchObject({ name: 'AbortError' });
    expect(start).not.toHaveBeenCalled();
  });

  it('the consumer stopping early (return) clears every timer and stops the upstream', async () => {
    const vendor = scriptedStream();
    vendor.push('first');
    vendor.push('second');
    let upstreamSignal: AbortSignal | undefined;
    const reply = await withUpstreamTimeouts(async (signal) => {
      upstreamSignal = signal;
      return { kind: 'stream', batches: vendor.batches };
    }, limits);
    if (reply.kind !== 'stream') throw new Error('expected a stream');
    expect(vi.getTimerCount()).toBe(1);
    for await (const event of eventsOf(reply.batches)) {
      expect(event.data).toBe('first');
      break;
    }
    expect(vi.getTimerCount()).toBe(0);
    expect(upstreamSignal?.aborted).toBe(true);
    await vi.advanceTimersByTimeAsync(0);
    expect(vendor.state.returned).toBe(true);
  });

  it('return() before any next() still clears the timers', async () => {
    const vendor = scriptedStream();
    vendor.push('first');
    const events = streamOf(await withUpstreamTimeouts(async () => ({ kind: 'stream', batches: vendor.batches }), limits));
    await events.return?.();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('a stream that ends normally clears timers and unhooks the parent signal', async () => {
    const parent = new AbortController();
    const vendor = scriptedStream();
    vendor.push('only');
    vendor.end();
    let upstreamSignal: AbortSignal | undefined;
    const reply = await withUpstreamTimeouts(
      async (signal) => {
        upstreamSignal = signal;
        return { kind: 'stream', batches: vendor.batches };
      },
      limits,
      parent.signal,
    );
    if (reply.kind !== 'stream') throw new Error('expected a stream');
    const data: string[] = [];
    for await (const event of eventsOf(reply.batches)) data.push(event.data);
    expect(data).toEqual(['only']);
    expect(vi.getTimerCount()).toBe(0);
    parent.abort();
    expect(upstreamSignal?.aborted).toBe(false);
  });

  it('a stream with no events at all ends at once', async () => {
    const vendor = scriptedStream();
    vendor.end();
    const events = streamOf(await withUpstreamTimeouts(async () => ({ kind: 'stream', batches: vendor.batches }), limits));
    expect(await events.next()).toEqual({ done: true, value: undefined });
    expect(vi.getTimerCount()).toBe(0);
  });

  it('a mid-stream vendor error comes out of the iterator unchanged', async () => {
    const vendor = scriptedStream();
    vendor.push('first');
    const events = streamOf(await withUpstreamTimeouts(async () => ({ kind: 'stream', batches: vendor.batches }), limits));
    await events.next();
    const next = events.next();
    const reset = new Error('socket hang up');
    vendor.fail(reset);
    await expect(next).rejects.toBe(reset);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('with no limits set, runs no timers at all', async () => {
    const vendor = scriptedStream();
    vendor.push('first');
    const events = streamOf(await withUpstreamTimeouts(async () => ({ kind: 'stream', batches: vendor.batches }), {}));
    expect(vi.getTimerCount()).toBe(0);
    await events.next();
    const next = events.next();
    expect(vi.getTimerCount()).toBe(0);
    vendor.end();
    expect(await next).toEqual({ done: true, value: undefined });
  });

  it('composes with withRetries: a first-byte timeout is retried, the next attempt succeeds', async () => {
    let attempts = 0;
    const reply = withRetries(
      () =>
        withUpstreamTimeouts(async () => {
          attempts += 1;
          return attempts === 1 ? never<UpstreamReply>() : { kind: 'json', body: '{}' };
        }, limits),
      { maxRetries: 2, sleep: async () => undefined },
    );
    await vi.advanceTimersByTimeAsync(1_000);
    expect(await reply).toEqual({ kind: 'json', body: '{}' });
    expect(attempts).toBe(2);
    expect(vi.getTimerCount()).toBe(0);
  });
});
