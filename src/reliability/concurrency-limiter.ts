/**
 * A model's `max_concurrency` (SPEC §3): at most that many upstream calls at once, the rest wait
 * in a bounded first-in-first-out queue. A full queue, or a wait past `queueTimeoutMs`, is a 429
 * with `Retry-After` (issue 6) rather than an unbounded pile-up in memory. A waiter whose client
 * goes away leaves the queue at once, so abandoned requests never hold a place or a slot.
 */

import { abortReason } from './abort.js';
import { rateLimitedError } from './rate-limited-error.js';

/** Gives the slot back. Safe to call more than once; only the first call counts. */
export type Release = () => void;

export interface ConcurrencyLimiterOptions {
  /** Calls allowed at once; at least 1. */
  readonly maxConcurrency: number;
  /** Requests allowed to wait for a slot; 0 answers 429 as soon as every slot is taken. */
  readonly maxQueue: number;
  /** Longest wait for a slot before answering 429. */
  readonly queueTimeoutMs: number;
  /** `Retry-After` on the 429s, whole seconds; default 1. */
  readonly retryAfterSeconds?: number;
  /** Named in the 429 message, e.g. the model alias. */
  readonly name?: string;
}

export interface ConcurrencyLimiter {
  /**
   * Resolves with a `Release` once a slot is free. Rejects with a 429 `GatewayError` when the
   * queue is full or the wait times out, and with `signal.reason` when the signal aborts first.
   */
  acquire(signal?: AbortSignal): Promise<Release>;
  /** Slots in use (for metrics). */
  readonly inFlight: number;
  /** Requests waiting for a slot (for metrics). */
  readonly queued: number;
}

interface Waiter {
  /** Hands a slot over; the slot is already counted in `inFlight`. */
  grant(): void;
}

export function createConcurrencyLimiter(options: ConcurrencyLimiterOptions): ConcurrencyLimiter {
  const { maxConcurrency, maxQueue, queueTimeoutMs } = options;
  if (!Number.isInteger(maxConcurrency) || maxConcurrency < 1) {
    throw new RangeError(`maxConcurrency must be an integer of at least 1, got ${maxConcurrency}`);
  }
  if (!Number.isInteger(maxQueue) || maxQueue < 0) {
    throw new RangeError(`maxQueue must be a non-negative integer, got ${maxQueue}`);
  }
  if (!Number.isFinite(queueTimeoutMs) || queueTimeoutMs < 0) {
    throw new RangeError(`queueTimeoutMs must be a non-negative number, got ${queueTimeoutMs}`);
  }
  const retryAfterSeconds = options.retryAfterSeconds ?? 1;
  const subject = options.name === undefined ? 'this model' : `model "${options.name}"`;

  let inFlight = 0;
  // A Set keeps insertion order (FIFO) and removes an abandoned waiter in O(1).
  const waiters = new Set<Waiter>();

  function createRelease(): Release {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      inFlight -= 1;
      handOver();
    };
  }

  function handOver(): void {
    while (inFlight < maxConcurrency) {
      const next = waiters.values().next();
      if (next.done === true) return;
      waiters.delete(next.value);
      inFlight += 1;
      next.value.grant();
    }
  }

  function waitForSlot(signal: AbortSignal | undefined): Promise<Release> {
    return new Promise<Release>((resolve, reject) => {
      const leave = (): void => {
        waiters.delete(waiter);
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
      };
      const onAbort = (): void => {
        leave();
        reject(abortReason(signal));
      };
      const timer = setTimeout(() => {
        leave();
        reject(rateLimitedError(retryAfterSeconds, `Waited too long for a free slot on ${subject}; retry later`));
      }, queueTimeoutMs);
      const waiter: Waiter = {
        grant() {
          leave();
          resolve(createRelease());
        },
      };
      waiters.add(waiter);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  return {
    async acquire(signal) {
      if (signal?.aborted === true) throw abortReason(signal);
      if (inFlight < maxConcurrency && waiters.size === 0) {
        inFlight += 1;
        return createRelease();
      }
      if (waiters.size >= maxQueue) {
        throw rateLimitedError(retryAfterSeconds, `Too many concurrent requests for ${subject}; retry later`);
      }
      return waitForSlot(signal);
    },
    get inFlight() {
      return inFlight;
    },
    get queued() {
      return waiters.size;
    },
  };
}
