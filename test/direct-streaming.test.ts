/**
 * Streaming run_direct through a real loopback port: SSE framing readable by the OpenAI SDK's
 * own parser, keep-alive pings, `event: error` after the first byte, and the client leaving
 * aborting the vendor call.
 */

import { setTimeout as delay } from 'node:timers/promises';
import { Stream } from 'openai/core/streaming';
import { afterEach, describe, expect, it } from 'vitest';
import type { GatewayApp } from '../src/app.js';
import { GatewayError } from '../src/errors.js';
import type { ProviderAdapter, SseEvent, UpstreamCall } from '../src/providers/provider.js';
import { oneEventBatches } from './support/event-batches.js';
import { baseManifest, buildTestApp, directBody, listen, readConversation } from './support/gateway.js';

const conversation = readConversation('single-model-text');
let gateway: GatewayApp | undefined;

afterEach(async () => {
  await gateway?.app.close();
  gateway = undefined;
});

/** An adapter standing in for a vendor whose events the test scripts (each arrives on its own). */
function scriptedAdapter(events: (call: UpstreamCall) => AsyncIterable<SseEvent>, calls: UpstreamCall[] = []): ProviderAdapter {
  return {
    id: 'echo',
    capabilities: () => ({}),
    prepare: () => ({
      body: {},
      warnings: [],
      async send(call) {
        calls.push(call);
        return { kind: 'stream', batches: oneEventBatches(events(call)) };
      },
    }),
  };
}

async function post(url: string, body: unknown, headers: Record<string, string> = {}, signal?: AbortSignal): Promise<Response> {
  return fetch(`${url}/run_direct`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
    ...(signal === undefined ? {} : { signal }),
  });
}

describe('streamed run_direct', () => {
  it('relays events that the OpenAI SDK parser reads back, ending at [DONE]', async () => {
    gateway = buildTestApp();
    const url = await listen(gateway.app);
    const response = await post(url, directBody(conversation), { accept: 'text/event-stream' });
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(response.headers.get('cache-control')).toBe('no-cache');
    expect(response.headers.get('x-accel-buffering')).toBe('no');
    expect(response.headers.get('x-gateway-provider')).toBe('echo');
    const chunks: { choices: { delta: { content?: string } }[] }[] = [];
    for await (const chunk of Stream.fromSSEResponse<(typeof chunks)[number]>(response, new AbortController())) chunks.push(chunk);
    const text = chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('');
    expect(text).toBe('You said: Now in French.');
    expect(chunks.length).toBeGreaterThan(3);
  });

  it('streams when inference_params.stream is true and keeps [DONE] on the wire', async () => {
    gateway = buildTestApp();
    const url = await listen(gateway.app);
    const body = await (await post(url, directBody(conversation, { stream: true }))).text();
    expect(body.trimEnd().endsWith('data: [DONE]')).toBe(true);
    expect(body).toMatch(/^data: \{"id":"chatcmpl-echo-/);
  });

  it('keeps vendor event names and sends : ping while the vendor is quiet', async () => {
    gateway = buildTestApp(`${baseManifest}server: { keep_alive_ping_ms: 20 }\n`, {
      adapters: {
        echo: scriptedAdapter(async function* () {
          yield { event: 'message_start', data: '{"type":"message_start"}' };
          await delay(150);
          yield { event: 'message_stop', data: '{"type":"message_stop"}' };
        }),
      },
    });
    const url = await listen(gateway.app);
    const body = await (await post(url, directBody(conversation, { stream: true }))).text();
    expect(body).toMatch(/^event: message_start\ndata: \{"type":"message_start"\}\n\n(: ping\n\n)+event: message_stop\n/);
  });

  it('sends event: error when the vendor fails after the first byte', async () => {
    gateway = buildTestApp(baseManifest, {
      adapters: {
        echo: scriptedAdapter(async function* () {
          yield { event: undefined, data: '{"n":1}' };
          throw new GatewayError('upstream_error', 'openai answered with HTTP 500', { details: [{ status: 500 }] });
        }),
      },
    });
    const url = await listen(gateway.app);
    const response = await post(url, directBody(conversation, { stream: true }), { 'x-request-id': 'req-9' });
    expect(response.status).toBe(200);
    const body = await response.text();
    const errorEvent = /event: error\ndata: (.*)\n\n$/.exec(body);
    expect(JSON.parse(errorEvent?.[1] ?? 'null')).toEqual({
      error: { code: 'upstream_error', message: 'openai answered with HTTP 500', request_id: 'req-9', details: [{ status: 500 }] },
    });
  });

  it('tells the client when the vendor ends a stream before its final event', async () => {
    gateway = buildTestApp(baseManifest, {
      adapters: {
        echo: scriptedAdapter(async function* () {
          yield { event: undefined, data: '{"choices":[{"index":0,"delta":{"content":"cut"}}]}' };
        }),
      },
    });
    const url = await listen(gateway.app);
    const body = await (await post(url, directBody(conversation, { stream: true }))).text();
    expect(body).toMatch(/^data: \{"choices".*\n\nevent: error\ndata: .*ended the stream before its final event"/s);
  });

  it('answers with a JSON error status when the vendor fails before the first event', async () => {
    gateway = buildTestApp(baseManifest, {
      adapters: {
        // A vendor stream that fails before yielding anything.
        // eslint-disable-next-line require-yield
        echo: scriptedAdapter(async function* () {
          await delay(1);
          throw new GatewayError('upstream_timeout', 'too slow');
        }),
      },
    });
    const url = await listen(gateway.app);
    const response = await post(url, directBody(conversation, { stream: true }));
    expect(response.status).toBe(504);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('upstream_timeout');
  });

  it('aborts the vendor call when the client goes away mid-stream', async () => {
    const calls: UpstreamCall[] = [];
    gateway = buildTestApp(baseManifest, {
      adapters: {
        echo: scriptedAdapter(async function* (call) {
          yield { event: undefined, data: '{"n":1}' };
          await new Promise((resolve) => call.signal.addEventListener('abort', resolve));
        }, calls),
      },
    });
    const url = await listen(gateway.app);
    const client = new AbortController();
    const response = await post(url, directBody(conversation, { stream: true }), {}, client.signal);
    const reader = response.body?.getReader();
    await reader?.read();
    client.abort();
    await expect.poll(() => calls[0]?.signal.aborted, { timeout: 2000 }).toBe(true);
  });
});
