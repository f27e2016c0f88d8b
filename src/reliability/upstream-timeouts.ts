/**
 * Per-model upstream timeouts (issue 6): time to first byte, idle gap between stream events, and
 * total. Any of them aborts the vendor call through the signal handed to the adapter and
 * surfaces as `GatewayError('upstream_timeout')` (504, or `event: error` once streaming), with
 * `details[0].timeout` naming which one fired. The client going away is not a timeout: the
 * parent signal's own reason comes out, so the route can tell "gone" from "too slow".
 *
 * For a stream, the returned promise settles only once the first event is in hand. Everything
 * that can fail before the client has seen a byte (connect, HTTP status, first-byte timeout)
 * therefore rejects this promise, which is exactly what `withRetries` may retry; what fails
 * later arrives through the event iterator and is never retried.
 */

import { GatewayError } from '../errors.js';
import type { SseEventBatch, UpstreamReply } from '../providers/provider.js';
import { abortReason } from './abort.js';

export type UpstreamTimeoutKind = 'first_byte' | 'idle' | 'total';

/** A missing or undefined limit is no limit. */
export interface UpstreamTimeouts {
  /** Until the reply arrives; for a stream, until its first event. */
  readonly firstByteMs?: number | undefined;
  /** Longest silence between two stream events while the relay is waiting for the next. */
  readonly idleMs?: number | undefined;
  /** The whole call, stream included. */
  readonly totalMs?: number | undefined;
}

export interface UpstreamTimeoutDetail {
  readonly timeout: UpstreamTimeoutKind;
  readonly limitMs: number;
}

const limitOf: Record<UpstreamTimeoutKind, keyof UpstreamTimeouts> = {
  first_byte: 'firstByteMs',
  idle: 'idleMs',
  total: 'totalMs',
};

function describe(kind: UpstreamTimeoutKind, limitMs: number): string {
  switch (kind) {
    case 'first_byte':
      return `The upstream sent nothing within ${limitMs} ms`;
    case 'idle':
      return `The upstream stream was silent for more than ${limitMs} ms`;
    case 'total':
      return `The upstream call took longer than ${limitMs} ms`;
    default: {
      const unknownKind: never = kind;
      return String(unknownKind);
    }
  }
}

export function upstreamTimeoutError(kind: UpstreamTimeoutKind, limitMs: number): GatewayError {
  return new GatewayError('upstream_timeout', describe(kind, limitMs), {
    details: [{ timeout: kind, limitMs } satisfies UpstreamTimeoutDetail],
  });
}

/**
 * One upstream call's abort controller and timers. Whatever aborts it (a timer, the parent, the
 * consumer stopping) clears every timer and unhooks the parent, so nothing outlives the call.
 */
class TimeoutGuard {
  readonly controller = new AbortController();
  private readonly timers = new Map<UpstreamTimeoutKind, ReturnType<typeof setTimeout>>();
  /**
   * Armed limits. A disarmed timer is left scheduled but ignored when it fires, and re-armed
   * with `refresh()`: the idle limit is armed and disarmed around every stream event, and
   * creating and clearing a timer each time was a visible share of the relay's CPU.
   */
  private readonly armed = new Set<UpstreamTimeoutKind>();
  private readonly onParentAbort: () => void;

  constructor(
    private readonly timeouts: UpstreamTimeouts,
    private readonly parentSignal: AbortSignal | undefined,
  ) {
    this.onParentAbort = () => this.controller.abort(abortReason(parentSignal));
    parentSignal?.addEventListener('abort', this.onParentAbort, { once: true });
    this.controller.signal.addEventListener('abort', () => this.dispose(), { once: true });
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  arm(kind: UpstreamTimeoutKind): void {
    const limitMs = this.timeouts[limitOf[kind]];
    if (limitMs === undefined || this.signal.aborted) return;
    this.armed.add(kind);
    const existing = this.timers.get(kind);
    if (existing !== undefined) {
      existing.refresh();
      return;
    }
    const timer = setTimeout(() => {
      if (this.armed.has(kind)) this.controller.abort(upstreamTimeoutError(kind, limitMs));
    }, limitMs);
    this.timers.set(kind, timer);
  }

  disarm(kind: UpstreamTimeoutKind): void {
    this.armed.delete(kind);
    // Only the idle limit comes back (around every batch of events); the others are cleared for good.
    if (kind !== 'idle') {
      clearTimeout(this.timers.get(kind));
      this.timers.delete(kind);
    }
  }

  /** Clears every timer and unhooks the parent; the upstream is left alone. */
  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    this.armed.clear();
    this.parentSignal?.removeEventListener('abort', this.onParentAbort);
  }

  /** Stops the upstream (and, through the abort listener, disposes). */
  abort(reason: Error): void {
    if (!this.signal.aborted) this.controller.abort(reason);
    this.dispose();
  }

  /**
   * Runs `operation`, but settles as soon as the call is aborted, with the abort's reason: an
   * SDK that ignores its signal, or reports the abort as a connection error, cannot hide it.
   */
  async run<T>(operation: () => Promise<T>): Promise<T> {
    const { signal } = this;
    if (signal.aborted) throw abortReason(signal);
    try {
      return await Promise.race([operation(), this.#whenAborted()]);
    } catch (error) {
      if (signal.aborted) throw abortReason(signal);
      throw error;
    }
  }

  #aborted: Promise<never> | undefined;

  /**
   * One promise per call, not per event: a stream races every batch against it, and a listener
   * added and removed around each batch was a visible share of the relay's CPU.
   */
  #whenAborted(): Promise<never> {
    if (this.#aborted === undefined) {
      const { signal } = this;
      this.#aborted = new Promise<never>((_resolve, reject) => {
        signal.addEventListener('abort', () => reject(abortReason(signal)), { once: true });
      });
      // Nobody may be racing it when the abort comes; that is not an unhandled failure.
      this.#aborted.catch(() => undefined);
    }
    return this.#aborted;
  }
}

/**
 * @param start sends the request with the signal it is given (`prepared.send({stream, signal})`).
 * @param parentSignal the client's signal; its abort stops the upstream and is rethrown as is.
 * @example
 * const reply = await withUpstreamTimeouts(
 *   (signal) => prepared.send({ stream: true, signal }),
 *   { firstByteMs: 30_000, idleMs: 60_000, totalMs: 600_000 },
 *   clientSignal,
 * );
 */
export async function withUpstreamTimeouts(
  start: (signal: AbortSignal) => Promise<UpstreamReply>,
  timeouts: UpstreamTimeouts,
  parentSignal?: AbortSignal,
): Promise<UpstreamReply> {
  if (parentSignal?.aborted === true) throw abortReason(parentSignal);
  const guard = new TimeoutGuard(timeouts, parentSignal);
  guard.arm('total');
  guard.arm('first_byte');

  let reply: UpstreamReply;
  try {
    reply = await guard.run(() => start(guard.signal));
  } catch (error) {
    guard.dispose();
    throw error;
  }
  switch (reply.kind) {
    case 'json':
      guard.dispose();
      return reply;
    case 'stream':
      return { kind: 'stream', batches: await guardStream(reply.batches, guard) };
    default: {
      const unknownReply: never = reply;
      throw new Error(`unknown upstream reply ${String(unknownReply)}`);
    }
  }
}

/** Waits (under the first-byte timer) for the first batch, then hands back a guarded iterator. */
async function guardStream(batches: AsyncIterable<SseEventBatch>, guard: TimeoutGuard): Promise<AsyncIterable<SseEventBatch>> {
  const upstream = batches[Symbol.asyncIterator]();
  let first: IteratorResult<SseEventBatch>;
  try {
    first = await guard.run(() => upstream.next());
  } catch (error) {
    stopUpstream(upstream, guard);
    throw error;
  }
  guard.disarm('first_byte');
  if (first.done === true) {
    guard.dispose();
    return noBatches();
  }
  return guardedBatches(first.value, upstream, guard);
}

/**
 * A hand-written iterator rather than an async generator: a generator that was never started
 * ignores `return()`, which would leave the total timer and the upstream running.
 */
function guardedBatches(
  firstBatch: SseEventBatch,
  upstream: AsyncIterator<SseEventBatch>,
  guard: TimeoutGuard,
): AsyncIterableIterator<SseEventBatch> {
  let buffered: SseEventBatch | undefined = firstBatch;
  let finished = false;
  const finish = (stop: boolean): void => {
    if (finished) return;
    finished = true;
    if (stop) stopUpstream(upstream, guard);
    else guard.dispose();
  };
  const done: IteratorReturnResult<undefined> = { done: true, value: undefined };

  return {
    [Symbol.asyncIterator]() {
      return this;
    },
    async next() {
      if (finished) return done;
      if (buffered !== undefined) {
        const value = buffered;
        buffered = undefined;
        return { done: false, value };
      }
      try {
        guard.arm('idle');
        const result = await guard.run(() => upstream.next());
        guard.disarm('idle');
        if (result.done === true) {
          finish(false);
          return done;
        }
        return result;
      } catch (error) {
        finish(true);
        throw error;
      }
    },
    async return() {
      finish(true);
      return done;
    },
  };
}

/** Aborts the vendor call and closes its iterator without waiting on it (it may never settle). */
function stopUpstream(upstream: AsyncIterator<SseEventBatch>, guard: TimeoutGuard): void {
  guard.abort(new DOMException('The upstream stream was closed by the gateway', 'AbortError'));
  void Promise.resolve()
    .then(() => upstream.return?.())
    .catch(() => undefined);
}

function noBatches(): AsyncIterable<SseEventBatch> {
  return {
    [Symbol.asyncIterator]: () => ({ next: async () => ({ done: true, value: undefined }) }),
  };
}
