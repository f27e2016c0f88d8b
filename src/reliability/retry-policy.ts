/**
 * The gateway's one retry loop for upstream calls (issue 6): which failures are worth another
 * try, how long to wait, and a loop that stops the moment the client goes away. The vendor SDKs'
 * own retries are configured off so attempts are not multiplied.
 *
 * Which statuses retry follows the vendors' own SDKs (connection errors, 408, 409, 429, 5xx) and
 * Anthropic's 529 "overloaded"; the delays follow the "exponential backoff and jitter" analysis.
 *
 * @see https://github.com/openai/openai-node/blob/master/src/client.ts (shouldRetry)
 * @see https://docs.anthropic.com/en/api/errors
 * @see https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/
 */

import { isGatewayError } from '../errors.js';
import { abortableSleep, abortReason } from './abort.js';

function readProperty(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}

/** Statuses below 500 that mean "try again" rather than "your request is wrong". */
const retryableClientStatuses = new Set([408, 409, 429]);

/**
 * True for an upstream failure another attempt may cure: `upstream_error` from a connection
 * error (status null), 408, 409, 429 or any 5xx; `upstream_timeout` only when nothing had
 * arrived yet (`first_byte`). An idle or total timeout is not retried: the total budget is spent,
 * or the vendor was already answering. Anything else (4xx, aborts, bugs) is not retryable.
 */
export function isRetryable(error: unknown): boolean {
  if (!isGatewayError(error)) return false;
  const detail = error.details[0];
  switch (error.code) {
    case 'upstream_error': {
      const status = readProperty(detail, 'status');
      if (status === null) return true;
      return typeof status === 'number' && (status >= 500 || retryableClientStatuses.has(status));
    }
    case 'upstream_timeout':
      return readProperty(detail, 'timeout') === 'first_byte';
    default:
      return false;
  }
}

/** The vendor's `Retry-After`, in ms, as `toUpstreamError` records it in `details[0].retryAfterMs`. */
export function readRetryAfterMs(error: unknown): number | undefined {
  if (!isGatewayError(error)) return undefined;
  const value = readProperty(error.details[0], 'retryAfterMs');
  return typeof value === 'number' && Number.isFinite(value) ? Math.max(0, value) : undefined;
}

export interface BackoffOptions {
  /** Delay ceiling of the first retry; default 250 ms. */
  readonly baseMs?: number;
  /** Growth per retry; default 2. */
  readonly factor?: number;
  /** Largest computed delay; default 8 s. */
  readonly capMs?: number;
  /** Longest vendor `Retry-After` we wait for; beyond it the call fails now. Default 20 s. */
  readonly retryAfterCapMs?: number;
  /**
   * `equal` (default): half the ceiling plus a random half, so a retry never fires at once;
   * with only a few retries each one needs that floor. `full`: anywhere in [0, ceiling).
   */
  readonly jitter?: 'full' | 'equal';
  /** Returns [0, 1); tests pin it. */
  readonly random?: () => number;
}

/**
 * Milliseconds to wait before retry number `attempt` (1 = the first retry), or undefined when
 * the vendor asked for a longer pause than `retryAfterCapMs` and the call should fail instead.
 *
 * @example
 * backoffDelay(1, undefined, { random: () => 0 })  // 125 (equal jitter: 250 / 2)
 * backoffDelay(3, 2_000)                            // 2000: the vendor's Retry-After wins
 * backoffDelay(1, 60_000)                           // undefined: over the 20 s cap, give up
 */
export function backoffDelay(attempt: number, retryAfterMs?: number, options: BackoffOptions = {}): number | undefined {
  const { baseMs = 250, factor = 2, capMs = 8_000, retryAfterCapMs = 20_000, jitter = 'equal' } = options;
  if (retryAfterMs !== undefined) {
    return retryAfterMs > retryAfterCapMs ? undefined : Math.max(0, retryAfterMs);
  }
  const random = options.random ?? Math.random;
  const ceiling = Math.min(capMs, baseMs * factor ** Math.max(0, attempt - 1));
  switch (jitter) {
    case 'full':
      return Math.floor(random() * ceiling);
    case 'equal':
      return Math.floor(ceiling / 2 + (random() * ceiling) / 2);
    default: {
      const unknownJitter: never = jitter;
      throw new Error(`unknown jitter ${String(unknownJitter)}`);
    }
  }
}

export interface RetryInfo {
  /** The retry about to run, 1-based. */
  readonly attempt: number;
  readonly delayMs: number;
  readonly error: unknown;
}

export interface RetryOptions {
  /** Retries after the first attempt; 0 means one attempt. */
  readonly maxRetries: number;
  /** The client's signal: once it aborts, nothing more is tried and its reason is thrown. */
  readonly signal?: AbortSignal;
  /** Injectable for tests; must reject with the signal's reason on abort. */
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly isRetryable?: (error: unknown) => boolean;
  readonly backoff?: BackoffOptions;
  /** For logs and metrics: called before each wait. */
  readonly onRetry?: (info: RetryInfo) => void;
}

/**
 * Runs `attempt(0)`, then retries retryable failures with backoff up to `maxRetries` times.
 * For streams, `attempt` must settle once the first event is in hand (as
 * `withUpstreamTimeouts` does), so nothing is retried after a byte has reached the client.
 *
 * @example
 * const reply = await withRetries(
 *   () => withUpstreamTimeouts((signal) => prepared.send({ stream, signal }), timeouts, request.signal),
 *   { maxRetries: 2, signal: request.signal },
 * );
 */
export async function withRetries<T>(attempt: (attemptNumber: number) => Promise<T>, options: RetryOptions): Promise<T> {
  const { maxRetries, signal } = options;
  const sleep = options.sleep ?? abortableSleep;
  const shouldRetry = options.isRetryable ?? isRetryable;
  // A function, so the compiler does not carry the first check's narrowing past an await.
  const aborted = (): boolean => signal?.aborted === true;
  for (let attemptNumber = 0; ; attemptNumber += 1) {
    if (aborted()) throw abortReason(signal);
    try {
      return await attempt(attemptNumber);
    } catch (error) {
      // An SDK aborted by the client's signal reports a "connection error", which looks
      // retryable; the abort is the truth.
      if (aborted()) throw abortReason(signal);
      if (attemptNumber >= maxRetries || !shouldRetry(error)) throw error;
      const delayMs = backoffDelay(attemptNumber + 1, readRetryAfterMs(error), options.backoff);
      if (delayMs === undefined) throw error;
      options.onRetry?.({ attempt: attemptNumber + 1, delayMs, error });
      await sleep(delayMs, signal);
    }
  }
}
