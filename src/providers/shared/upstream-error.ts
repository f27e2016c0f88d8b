/**
 * Turns whatever a vendor SDK threw into the gateway's coded errors, keeping the vendor's status
 * and error body for `details` (SPEC §5) and never its request headers (they hold the key).
 */

import { GatewayError } from '../../errors.js';
import { abortReason } from '../../reliability/abort.js';
import type { ProviderId, SseEventBatch } from '../provider.js';
import { parseSseStream } from './parse-sse.js';

export interface UpstreamErrorDetail {
  readonly provider: ProviderId;
  /** The vendor's HTTP status; null when no response arrived. */
  readonly status: number | null;
  /** The vendor's parsed error body, or its message when there was none. */
  readonly body: unknown;
  /** The vendor's `retry-after-ms` / `retry-after`, when it sent one (the retry loop honours it). */
  readonly retryAfterMs?: number;
}

/** Reads `retry-after-ms`, else `retry-after` (seconds or an HTTP date) from an SDK error's headers. */
export function readRetryAfterMs(error: unknown, now: number = Date.now()): number | undefined {
  const headers = readProperty(error, 'headers');
  const get = readProperty(headers, 'get');
  if (typeof get !== 'function') return undefined;
  const header = (name: string): string | undefined => {
    const value: unknown = Reflect.apply(get, headers, [name]);
    return typeof value === 'string' && value !== '' ? value : undefined;
  };
  const milliseconds = Number(header('retry-after-ms'));
  if (Number.isFinite(milliseconds) && milliseconds >= 0) return milliseconds;
  const retryAfter = header('retry-after');
  if (retryAfter === undefined) return undefined;
  const seconds = Number(retryAfter);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(retryAfter);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function readProperty(value: unknown, key: string): unknown {
  // Classes are functions: the error's constructor name is read through here too.
  return (typeof value === 'object' || typeof value === 'function') && value !== null
    ? (value as Record<string, unknown>)[key]
    : undefined;
}

function errorName(error: unknown): string {
  const name = readProperty(error, 'name');
  const constructorName = readProperty(readProperty(error, 'constructor'), 'name');
  return `${typeof name === 'string' ? name : ''} ${typeof constructorName === 'string' ? constructorName : ''}`;
}

export function isAbortError(error: unknown): boolean {
  return /AbortError|APIUserAbortError/.test(errorName(error));
}

function isTimeoutError(error: unknown): boolean {
  return /TimeoutError|APIConnectionTimeoutError/.test(errorName(error));
}

/** Gemini's `ApiError` puts the vendor's JSON body in `message`. */
function parseMaybeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

export function toUpstreamError(error: unknown, provider: ProviderId): GatewayError {
  if (error instanceof GatewayError) return error;
  if (isTimeoutError(error)) {
    return new GatewayError('upstream_timeout', `${provider} did not answer in time`, {
      details: [{ provider, status: null, body: 'timeout' } satisfies UpstreamErrorDetail],
      cause: error,
    });
  }
  const status = readProperty(error, 'status');
  if (typeof status === 'number') {
    const stainlessBody = readProperty(error, 'error');
    const message = readProperty(error, 'message');
    const body =
      stainlessBody !== undefined ? stainlessBody : typeof message === 'string' ? parseMaybeJson(message) : null;
    const retryAfterMs = readRetryAfterMs(error);
    const detail: UpstreamErrorDetail = retryAfterMs === undefined ? { provider, status, body } : { provider, status, body, retryAfterMs };
    return new GatewayError('upstream_error', `${provider} answered with HTTP ${status}`, {
      details: [detail],
      cause: error,
    });
  }
  const message = readProperty(error, 'message');
  return new GatewayError('upstream_error', `${provider} could not be reached`, {
    details: [
      { provider, status: null, body: typeof message === 'string' ? message : 'connection error' } satisfies UpstreamErrorDetail,
    ],
    cause: error,
  });
}

/**
 * A failed vendor call as the gateway reports it. When the caller's signal aborted (the client
 * left, or a gateway timeout fired) that abort is the truth, whatever the SDK made of it (some
 * report a "connection error"): it stays an abort carrying the signal's reason, so nothing is
 * logged or retried as a vendor fault. Everything else becomes a coded upstream error.
 */
export function toCallFailure(error: unknown, signal: AbortSignal, provider: ProviderId): Error {
  if (signal.aborted) return abortReason(signal);
  return toUpstreamError(error, provider);
}

/** A vendor's SSE body as event batches; failures while reading are reported as `toCallFailure` does. */
export async function* relaySseEvents(
  body: AsyncIterable<Uint8Array>,
  signal: AbortSignal,
  provider: ProviderId,
): AsyncGenerator<SseEventBatch> {
  try {
    yield* parseSseStream(body);
  } catch (error) {
    throw toCallFailure(error, signal, provider);
  }
}
