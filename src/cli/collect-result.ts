/**
 * Reads one gateway response into a `ModelResult`: status, latency, time to first token, token
 * usage and the answer (or the error). Streams are read event by event as they arrive, so the
 * time to first token is when the first piece of text reached this process.
 */

import { parseSseStream } from '../providers/shared/parse-sse.js';
import { mergeUsage, streamEventReaders } from '../providers/stream-event-readers.js';
import { noUsage, type TokenUsage } from '../providers/shared/reply-summary.js';
import type { ProviderId } from '../providers/provider.js';
import { readAnswer, readError, readProvider, type AnswerKind, type ResultError } from './read-answer.js';

export interface ModelResult {
  /** The alias that was asked for. */
  readonly model: string;
  /** The alias that answered: differs from `model` when a fallback answered (`x-gateway-model`). */
  readonly answeredBy: string | undefined;
  readonly provider: ProviderId | undefined;
  readonly upstreamModel: string | undefined;
  readonly ok: boolean;
  /** 0 when no HTTP answer came at all. */
  readonly httpStatus: number;
  readonly latencyMs: number;
  /** Streams only: until the first text arrived. */
  readonly timeToFirstTokenMs: number | undefined;
  readonly inputTokens: number | undefined;
  readonly outputTokens: number | undefined;
  readonly text: string;
  readonly error: ResultError | undefined;
}

/** The slice of a fetch `Response` this reads (so tests can hand in their own). */
export interface GatewayResponse {
  readonly status: number;
  readonly headers: { get(name: string): string | null };
  readonly body: AsyncIterable<Uint8Array> | null;
}

export interface CollectOptions {
  readonly model: string;
  /** What a successful non-streamed answer holds; undefined: show the body as it is. */
  readonly answer: AnswerKind | undefined;
  /** `now()` when the request was sent. */
  readonly startedAt: number;
  readonly now: () => number;
  /** Called with each piece of streamed text as it arrives. */
  readonly onText?: (text: string) => void;
}

export interface Collected {
  readonly result: ModelResult;
  /** The raw body of a non-streamed answer (`run --json` prints it); empty for streams. */
  readonly body: string;
  readonly streamed: boolean;
  readonly warnings: readonly string[];
}

interface ReadOutcome {
  readonly text: string;
  readonly usage: TokenUsage;
  readonly timeToFirstTokenMs: number | undefined;
  readonly error: ResultError | undefined;
}

async function readBody(body: AsyncIterable<Uint8Array> | null): Promise<string> {
  if (body === null) return '';
  const decoder = new TextDecoder('utf-8');
  let text = '';
  for await (const chunk of body) text += decoder.decode(chunk, { stream: true });
  return text + decoder.decode();
}

async function readStream(
  body: AsyncIterable<Uint8Array>,
  provider: ProviderId | undefined,
  options: CollectOptions,
): Promise<ReadOutcome> {
  let text = '';
  let usage = noUsage;
  let timeToFirstTokenMs: number | undefined;
  for await (const batch of parseSseStream(body)) {
    for (const event of batch.events) {
      // The gateway reports a failure after the first byte as `event: error` (SPEC §6); the
      // vendor's own error events use the same name.
      if (event.event === 'error') return { text, usage, timeToFirstTokenMs, error: readError(200, event.data) };
      if (provider === undefined) continue;
      const summary = streamEventReaders[provider](event, true);
      usage = mergeUsage(usage, summary.usage);
      if (summary.text === undefined || summary.text === '') continue;
      timeToFirstTokenMs ??= options.now() - options.startedAt;
      text += summary.text;
      options.onText?.(summary.text);
    }
  }
  return { text, usage, timeToFirstTokenMs, error: undefined };
}

export async function collectResult(response: GatewayResponse, options: CollectOptions): Promise<Collected> {
  const provider = readProvider(response.headers.get('x-gateway-provider'));
  const isEventStream = (response.headers.get('content-type') ?? '').includes('text/event-stream');
  let outcome: ReadOutcome;
  let body = '';
  let warnings: readonly string[] = [];
  if (isEventStream && response.body !== null) {
    outcome = await readStream(response.body, provider, options);
  } else if (response.status < 200 || response.status >= 300) {
    body = await readBody(response.body);
    outcome = { text: '', usage: noUsage, timeToFirstTokenMs: undefined, error: readError(response.status, body) };
  } else {
    body = await readBody(response.body);
    const answer = options.answer === undefined ? { text: body, usage: noUsage, warnings: [] } : readAnswer(options.answer, provider, body);
    warnings = answer.warnings;
    outcome = { text: answer.text, usage: answer.usage, timeToFirstTokenMs: undefined, error: undefined };
  }
  const result: ModelResult = {
    model: options.model,
    answeredBy: response.headers.get('x-gateway-model') ?? undefined,
    provider,
    upstreamModel: response.headers.get('x-gateway-upstream-model') ?? undefined,
    ok: outcome.error === undefined,
    httpStatus: response.status,
    latencyMs: Math.round(options.now() - options.startedAt),
    timeToFirstTokenMs: outcome.timeToFirstTokenMs === undefined ? undefined : Math.round(outcome.timeToFirstTokenMs),
    inputTokens: outcome.usage.inputTokens,
    outputTokens: outcome.usage.outputTokens,
    text: outcome.text,
    error: outcome.error,
  };
  return { result, body, streamed: isEventStream && response.body !== null, warnings };
}

/** The result of a request that got no HTTP answer at all (connection refused, aborted). */
export function failedBeforeAnswer(model: string, error: unknown, latencyMs: number): ModelResult {
  return {
    model,
    answeredBy: undefined,
    provider: undefined,
    upstreamModel: undefined,
    ok: false,
    httpStatus: 0,
    latencyMs: Math.round(latencyMs),
    timeToFirstTokenMs: undefined,
    inputTokens: undefined,
    outputTokens: undefined,
    text: '',
    error: { code: 'request_failed', message: error instanceof Error ? error.message : String(error), details: [] },
  };
}

/** The `--json` shape: snake_case like the rest of the gateway's JSON, every key always present. */
export function toJsonResult(result: ModelResult): Record<string, unknown> {
  return {
    model: result.model,
    answered_by: result.answeredBy ?? null,
    provider: result.provider ?? null,
    upstream_model: result.upstreamModel ?? null,
    ok: result.ok,
    http_status: result.httpStatus,
    latency_ms: result.latencyMs,
    time_to_first_token_ms: result.timeToFirstTokenMs ?? null,
    input_tokens: result.inputTokens ?? null,
    output_tokens: result.outputTokens ?? null,
    text: result.text,
    error: result.error === undefined ? null : { code: result.error.code, message: result.error.message, details: result.error.details },
  };
}
