/**
 * The one place that owns upstream reliability (SPEC §3, issue 6): for the chosen model and then
 * each of its `fallbacks` in order, take a concurrency slot, send with per-model timeouts, and
 * retry transient failures with backoff (streams only before their first event). The slot is
 * held until the reply is fully relayed, and given back at once when the client leaves.
 */

import { GatewayError, isGatewayError } from '../errors.js';
import type { UpstreamErrorDetail } from '../providers/shared/upstream-error.js';
import type { ConfiguredModel, GatewayContext } from '../gateway-context.js';
import type { PreparedRequest, SseEventBatch, UpstreamReply } from '../providers/provider.js';
import type { Release } from '../reliability/concurrency-limiter.js';
import { withRetries, type RetryInfo } from '../reliability/retry-policy.js';
import { withUpstreamTimeouts } from '../reliability/upstream-timeouts.js';

/** Default when a model sets no `timeout_ms`: vendors' own clients allow ten minutes. */
export const defaultTotalTimeoutMs = 10 * 60 * 1000;

export interface UpstreamAnswer {
  /** The model that answered (a fallback when the chosen one failed). */
  readonly model: ConfiguredModel;
  readonly reply: UpstreamReply;
  /** Upstream calls made, retries and fallbacks included. */
  readonly attempts: number;
}

export interface CallUpstreamOptions {
  readonly stream: boolean;
  readonly signal: AbortSignal;
  readonly onRetry?: (model: ConfiguredModel, info: RetryInfo) => void;
}

/** The chosen model, then its fallbacks that exist (config validation already checked names). */
function candidates(context: GatewayContext, primary: ConfiguredModel): ConfiguredModel[] {
  const fallbacks = primary.config.fallbacks.flatMap((alias) => {
    const model = context.models.get(alias);
    return model === undefined ? [] : [model];
  });
  return [primary, ...fallbacks];
}

/** Gives the slot back when the stream ends, fails, or its reader stops early. */
async function* releasingBatches(batches: AsyncIterable<SseEventBatch>, release: Release): AsyncGenerator<SseEventBatch> {
  try {
    yield* batches;
  } finally {
    release();
  }
}

async function attemptModel(
  context: GatewayContext,
  model: ConfiguredModel,
  prepared: PreparedRequest,
  options: CallUpstreamOptions,
  countAttempt: () => void,
): Promise<UpstreamReply> {
  const limiter = context.concurrency.get(model.alias);
  const release: Release = limiter === undefined ? () => undefined : await limiter.acquire(options.signal);
  let reply: UpstreamReply;
  try {
    reply = await withRetries(
      () => {
        countAttempt();
        return withUpstreamTimeouts(
          async (signal) => requireJsonBody(await prepared.send({ stream: options.stream, signal }), model),
          {
            totalMs: model.config.timeout_ms ?? defaultTotalTimeoutMs,
            firstByteMs: options.stream ? model.config.first_byte_timeout_ms : undefined,
            idleMs: model.config.idle_timeout_ms,
          },
          options.signal,
        );
      },
      {
        maxRetries: model.config.max_retries,
        signal: options.signal,
        backoff: { baseMs: model.config.retry_base_delay_ms },
        onRetry: (info) => options.onRetry?.(model, info),
      },
    );
  } catch (error) {
    release();
    throw error;
  }
  if (reply.kind === 'json') {
    release();
    return reply;
  }
  return { kind: 'stream', batches: releasingBatches(reply.batches, release) };
}

/**
 * A 200 whose body is not JSON is a vendor fault like a 5xx (a proxy's HTML page, a body cut
 * short): retried, then a 502, never relayed as if it were an answer.
 */
function requireJsonBody(reply: UpstreamReply, model: ConfiguredModel): UpstreamReply {
  if (reply.kind !== 'json') return reply;
  try {
    return { kind: 'json', body: reply.body, json: JSON.parse(reply.body) as unknown };
  } catch {
    throw new GatewayError('upstream_error', `${model.target.provider} answered with a body that is not JSON`, {
      details: [{ provider: model.target.provider, status: null, body: reply.body.slice(0, 200) } satisfies UpstreamErrorDetail],
    });
  }
}

/**
 * @param prepare converts the conversation for one model (a fallback may be another vendor).
 */
export async function callUpstream(
  context: GatewayContext,
  primary: ConfiguredModel,
  prepare: (model: ConfiguredModel) => PreparedRequest,
  options: CallUpstreamOptions,
): Promise<UpstreamAnswer> {
  let attempts = 0;
  const failures: GatewayError[] = [];
  const models = candidates(context, primary);
  for (const [index, model] of models.entries()) {
    let prepared: PreparedRequest;
    try {
      prepared = prepare(model);
    } catch (error) {
      // The chosen model's conversion errors (a 422 for a modality) are the answer; a fallback
      // that cannot take this conversation is skipped in favour of the next one.
      if (index === 0) throw error;
      continue;
    }
    try {
      const reply = await attemptModel(context, model, prepared, options, () => {
        attempts += 1;
      });
      return { model, reply, attempts };
    } catch (error) {
      if (options.signal.aborted || !isGatewayError(error) || !worthAFallback(error)) throw error;
      failures.push(error);
    }
  }
  throw combinedFailure(failures, models);
}

/**
 * The chosen model's failure is the answer (its code, status and message); what the fallbacks
 * said follows in `details`, so nothing is hidden and nothing blames the wrong vendor.
 */
function combinedFailure(failures: readonly GatewayError[], models: readonly ConfiguredModel[]): GatewayError {
  const [first, ...rest] = failures;
  if (first === undefined) return new GatewayError('upstream_error', `no model could take this request (${models.map((model) => model.alias).join(', ')})`);
  if (rest.length === 0) return first;
  return new GatewayError(first.code, `${first.message}; the fallbacks failed too`, {
    details: failures.flatMap((failure) => failure.details),
    headers: first.headers,
    cause: first,
  });
}

/**
 * Any vendor failure (after its retries) moves on to the next model: another vendor may well
 * take what this one refused or could not serve. The gateway's own 4xx (a modality, a full
 * queue) and a client that left do not.
 */
function worthAFallback(error: unknown): boolean {
  return isGatewayError(error) && (error.code === 'upstream_error' || error.code === 'upstream_timeout');
}
