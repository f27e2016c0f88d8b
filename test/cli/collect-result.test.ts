import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { collectResult, failedBeforeAnswer, toJsonResult, type CollectOptions } from '../../src/cli/collect-result.js';
import { formatError, formatSummary } from '../../src/cli/format-result.js';
import { readAnswer, readError, readProvider } from '../../src/cli/read-answer.js';

/** A clock that moves 10 ms every time it is read, so timings are exact without waiting. */
function steppingClock(): () => number {
  let time = 0;
  return () => (time += 10);
}

function options(overrides: Partial<CollectOptions> = {}): CollectOptions {
  return { model: 'gpt', answer: 'direct', startedAt: 0, now: steppingClock(), ...overrides };
}

function gatewayHeaders(provider: string, contentType: string): Record<string, string> {
  return { 'content-type': contentType, 'x-gateway-provider': provider, 'x-gateway-model': 'gpt', 'x-gateway-upstream-model': 'gpt-4o' };
}

/** A body that arrives in several chunks, split inside lines, as a socket delivers it. */
function chunked(text: string, size: number): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  return new ReadableStream({
    start(controller) {
      for (let offset = 0; offset < bytes.length; offset += size) controller.enqueue(bytes.slice(offset, offset + size));
      controller.close();
    },
  });
}

describe('collectResult on a stream', () => {
  it('gathers the text, the usage and the time to first token of an OpenAI stream', async () => {
    const sse = readFileSync('fixtures/vendors/openai/chat-completion.sse', 'utf8');
    const pieces: string[] = [];
    const { result, streamed, body } = await collectResult(
      new Response(chunked(sse, 37), { headers: gatewayHeaders('openai', 'text/event-stream') }),
      options({ onText: (text) => pieces.push(text) }),
    );
    expect(streamed).toBe(true);
    expect(body).toBe('');
    expect(pieces).toEqual(['3', ' +', ' 3', ' =', ' 6', '.']);
    expect(result).toMatchObject({ ok: true, provider: 'openai', answeredBy: 'gpt', upstreamModel: 'gpt-4o', text: '3 + 3 = 6.', inputTokens: 34, outputTokens: 8 });
    // The clock is read at the first text (10) and once more when the body ended (20).
    expect(result.timeToFirstTokenMs).toBe(10);
    expect(result.latencyMs).toBe(20);
  });

  it('reads Anthropic events (usage from message_start and message_delta)', async () => {
    const sse = readFileSync('fixtures/vendors/anthropic/message.sse', 'utf8');
    const { result } = await collectResult(new Response(sse, { headers: gatewayHeaders('anthropic', 'text/event-stream') }), options());
    expect(result).toMatchObject({ ok: true, provider: 'anthropic', text: 'Hello! How can I help you today?', inputTokens: 14, outputTokens: 12 });
  });

  it('turns an `event: error` after the first byte into a failed result, keeping the text so far', async () => {
    const sse = [
      'data: {"choices":[{"delta":{"content":"Par"}}]}',
      '',
      'event: error',
      'data: {"error":{"code":"upstream_timeout","message":"no event for 30000 ms","request_id":"r1","details":[]}}',
      '',
      '',
    ].join('\n');
    const { result } = await collectResult(new Response(sse, { headers: gatewayHeaders('openai', 'text/event-stream') }), options());
    expect(result).toMatchObject({ ok: false, httpStatus: 200, text: 'Par', error: { code: 'upstream_timeout', message: 'no event for 30000 ms' } });
  });
});

describe('collectResult on a whole body', () => {
  it('reads the text and usage of a non-streamed direct reply and keeps the raw body', async () => {
    const json = readFileSync('fixtures/vendors/openai/chat-completion.json', 'utf8');
    const { result, body, streamed } = await collectResult(new Response(json, { headers: gatewayHeaders('openai', 'application/json') }), options());
    expect(streamed).toBe(false);
    expect(body).toBe(json);
    expect(result.ok).toBe(true);
    expect(result.text.length).toBeGreaterThan(0);
    expect(result.timeToFirstTokenMs).toBeUndefined();
    expect(result.inputTokens).toBeGreaterThan(0);
  });

  it('reads the gateway error envelope of a failed request', async () => {
    const envelope = { error: { code: 'unsupported_modality', message: 'video cannot go to anthropic', request_id: 'r', details: [{ path: 'messages.p1.content.1', message: 'video' }] } };
    const { result } = await collectResult(new Response(JSON.stringify(envelope), { status: 422, headers: { 'content-type': 'application/json' } }), options({ model: 'claude' }));
    expect(result).toMatchObject({ ok: false, httpStatus: 422, provider: undefined, text: '', error: { code: 'unsupported_modality' } });
    expect(formatError(result)).toBe('claude: error 422 unsupported_modality: video cannot go to anthropic\n  - messages.p1.content.1: video\n');
  });

  it('gives dry-run warnings back beside the native request', async () => {
    const dryRun = { provider: 'anthropic', model: 'claude-sonnet-4-5', request: { model: 'claude-sonnet-4-5', max_tokens: 10 }, warnings: ['seed is not supported'] };
    const { result, warnings } = await collectResult(
      new Response(JSON.stringify(dryRun), { headers: gatewayHeaders('anthropic', 'application/json') }),
      options({ answer: 'dry-run' }),
    );
    expect(JSON.parse(result.text)).toEqual(dryRun.request);
    expect(warnings).toEqual(['seed is not supported']);
  });
});

describe('readAnswer, readError, readProvider', () => {
  it('pretty-prints a predict answer and passes text that is not JSON through', () => {
    expect(readAnswer('predict', 'echo', '{"a":["x"]}').text).toBe('{\n  "a": [\n    "x"\n  ]\n}');
    expect(readAnswer('direct', undefined, 'raw').text).toBe('raw');
  });

  it('reads vendor-shaped and unknown errors', () => {
    expect(readError(200, '{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}')).toEqual({ code: 'overloaded_error', message: 'Overloaded', details: [] });
    expect(readError(503, '<html>down</html>')).toEqual({ code: 'http_503', message: '<html>down</html>', details: [] });
    expect(readError(500, '')).toEqual({ code: 'http_500', message: 'HTTP 500', details: [] });
  });

  it('only accepts known provider ids from the header', () => {
    expect(readProvider('gemini')).toBe('gemini');
    expect(readProvider('constructor')).toBeUndefined();
    expect(readProvider(null)).toBeUndefined();
  });
});

describe('result formats', () => {
  it('--json keeps every key, with null for what is unknown', () => {
    const failed = failedBeforeAnswer('gpt', new Error('connect ECONNREFUSED'), 12.4);
    expect(toJsonResult(failed)).toEqual({
      model: 'gpt',
      answered_by: null,
      provider: null,
      upstream_model: null,
      ok: false,
      http_status: 0,
      latency_ms: 12,
      time_to_first_token_ms: null,
      input_tokens: null,
      output_tokens: null,
      text: '',
      error: { code: 'request_failed', message: 'connect ECONNREFUSED', details: [] },
    });
    expect(formatError(failed)).toBe('gpt: failed request_failed: connect ECONNREFUSED\n');
  });

  it('summarises who answered, how fast and how many tokens', async () => {
    const sse = readFileSync('fixtures/vendors/openai/chat-completion.sse', 'utf8');
    const { result } = await collectResult(new Response(sse, { headers: gatewayHeaders('openai', 'text/event-stream') }), options());
    expect(formatSummary(result)).toBe('gpt (openai, gpt-4o) · 20 ms · first token 10 ms · tokens 34 in / 8 out\n');
    expect(formatSummary({ ...result, model: 'claude' })).toBe('claude via gpt (openai, gpt-4o) · 20 ms · first token 10 ms · tokens 34 in / 8 out\n');
  });
});
