import { Stream } from '@anthropic-ai/sdk/core/streaming';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Conversation } from '../../conversation/conversation.js';
import { GatewayError } from '../../errors.js';
import { conversations, target } from '../../../test/support/conversations.js';
import {
  replyJson,
  replySse,
  startLoopbackServer,
  type LoopbackServer,
} from '../../../test/support/loopback-server.js';
import type { ModelTarget, SseEvent, UpstreamReply } from '../provider.js';
import { isAbortError } from '../shared/upstream-error.js';
import { createAnthropicAdapter } from './anthropic-adapter.js';
import { streamedEvents } from '../../../test/support/event-batches.js';
import { parseSseText } from '../../../test/support/sse-text.js';
import { readVendorFixture } from '../../../test/support/vendor-fixtures.js';

function fixture(name: string): string {
  return readVendorFixture('anthropic', name);
}

/** Settles to the value or the thrown error, so a rejection is never left unhandled. */
function settle(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    (value) => value,
    (error: unknown) => error,
  );
}

function upstreamDetails(error: unknown): unknown {
  if (!(error instanceof GatewayError)) throw new Error(`expected a GatewayError, got ${String(error)}`);
  return { code: error.code, status: error.status, details: error.details };
}

/** A model the SDK does not print a deprecation notice for. */
const model = 'claude-sonnet-4-6';

let server: LoopbackServer;
let claude: ModelTarget;

beforeEach(async () => {
  server = await startLoopbackServer();
  claude = target('anthropic', model, { baseUrl: server.url });
});

afterEach(async () => {
  vi.unstubAllEnvs();
  await server.close();
});

function send(conversation: Conversation, stream: boolean, signal = new AbortController().signal): Promise<UpstreamReply> {
  return createAnthropicAdapter().prepare(conversation, claude).send({ stream, signal });
}

describe('anthropic adapter, non-streamed', () => {
  // @anthropic-ai/sdk 1.x sends the key as a bearer token and its own pinned API version
  // (not the `x-api-key` / `2023-06-01` pair of the 0.x SDKs); the adapter keeps the SDK's choice.
  it('posts the converted body to /v1/messages with the key and version headers', async () => {
    server.handle((_request, response) => replyJson(response, 200, fixture('message.json')));
    const prepared = createAnthropicAdapter().prepare(conversations.multiTurnWithParams, claude);
    await prepared.send({ stream: false, signal: new AbortController().signal });

    const [request] = server.requests;
    expect(request?.method).toBe('POST');
    expect(request?.url).toBe('/v1/messages');
    expect(request?.headers.authorization).toBe('Bearer test-key');
    expect(request?.headers['anthropic-version']).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(request?.headers['x-stainless-retry-count']).toBe('0');
    expect(JSON.parse(request?.body ?? '')).toEqual(prepared.body);
  });

  it('leaves an unset key to the SDK, which reads ANTHROPIC_API_KEY', async () => {
    vi.stubEnv('ANTHROPIC_API_KEY', 'key-from-environment');
    server.handle((_request, response) => replyJson(response, 200, fixture('message.json')));
    claude = target('anthropic', model, { baseUrl: server.url, apiKey: undefined });
    await send(conversations.singleTurn, false);
    expect(server.requests[0]?.headers.authorization).toBe('Bearer key-from-environment');
  });

  it('relays the vendor JSON byte for byte', async () => {
    const vendorBody = fixture('message.json');
    server.handle((_request, response) => replyJson(response, 200, vendorBody));
    expect(await send(conversations.singleTurn, false)).toEqual({ kind: 'json', body: vendorBody });
  });

  it('sends a large max_tokens without the SDK demanding streaming (explicit timeout)', async () => {
    server.handle((_request, response) => replyJson(response, 200, fixture('message.json')));
    const reply = await send({ ...conversations.singleTurn, params: { maxTokens: 200_000 } }, false);
    expect(reply.kind).toBe('json');
    expect(JSON.parse(server.requests[0]?.body ?? '')).toMatchObject({ max_tokens: 200_000 });
  });

  it.each([
    [400, 'error-400.json'],
    [529, 'error-overloaded.json'],
  ])('maps HTTP %i to upstream_error with the vendor status and body, without SDK retries', async (status, file) => {
    server.handle((_request, response) => replyJson(response, status, fixture(file)));
    const error = await settle(send(conversations.singleTurn, false));
    expect(upstreamDetails(error)).toEqual({
      code: 'upstream_error',
      status: 502,
      details: [{ provider: 'anthropic', status, body: JSON.parse(fixture(file)) }],
    });
    expect(server.requests).toHaveLength(1);
  });

  it('maps a vendor that cannot be reached to upstream_error with no status', async () => {
    const closed = await startLoopbackServer();
    await closed.close();
    claude = target('anthropic', model, { baseUrl: closed.url });
    const error = await settle(send(conversations.singleTurn, false));
    expect(error).toBeInstanceOf(GatewayError);
    expect(error).toMatchObject({ code: 'upstream_error', details: [{ provider: 'anthropic', status: null }] });
  });

  it('maps the model timeout to upstream_timeout', async () => {
    server.handle(() => undefined);
    claude = target('anthropic', model, { baseUrl: server.url, timeoutMs: 50 });
    const error = await settle(send(conversations.singleTurn, false));
    expect(error).toMatchObject({ code: 'upstream_timeout', status: 504 });
  });

  it('aborts before headers as an abort, and the vendor connection closes', async () => {
    const arrived = new Promise<void>((resolve) => server.handle(() => resolve()));
    const controller = new AbortController();
    const outcome = settle(send(conversations.singleTurn, false, controller.signal));
    await arrived;
    controller.abort();
    const error = await outcome;
    expect(isAbortError(error)).toBe(true);
    expect(error).not.toBeInstanceOf(GatewayError);
    await server.requests[0]?.closedEarly;
  });

  it('builds a new client when an alias points somewhere else', async () => {
    const adapter = createAnthropicAdapter();
    const other = await startLoopbackServer((_request, response) => replyJson(response, 200, fixture('message.json')));
    server.handle((_request, response) => replyJson(response, 200, fixture('message.json')));
    try {
      const call = { stream: false, signal: new AbortController().signal };
      await adapter.prepare(conversations.singleTurn, claude).send(call);
      await adapter.prepare(conversations.singleTurn, { ...claude, baseUrl: other.url }).send(call);
      expect(server.requests).toHaveLength(1);
      expect(other.requests).toHaveLength(1);
    } finally {
      await other.close();
    }
  });
});

describe('anthropic adapter, streamed', () => {
  it('relays every vendor event in order with its name, ping and message_stop included', async () => {
    const framed = fixture('message.sse');
    server.handle((_request, response) => replySse(response, framed, 37));
    const prepared = createAnthropicAdapter().prepare(conversations.singleTurn, claude);
    const events = await streamedEvents(await prepared.send({ stream: true, signal: new AbortController().signal }));

    expect(events).toEqual(parseSseText(framed));
    expect(events.map((event) => event.event)).toEqual([
      'message_start',
      'content_block_start',
      'ping',
      'content_block_delta',
      'content_block_delta',
      'content_block_delta',
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
    expect(JSON.parse(server.requests[0]?.body ?? '')).toEqual({ ...prepared.body, stream: true });
  });

  it('relays the vendor error event of a stream that fails midway', async () => {
    const framed = fixture('stream-overloaded.sse');
    server.handle((_request, response) => replySse(response, framed));
    const events = await streamedEvents(await send(conversations.singleTurn, true));
    expect(events).toEqual(parseSseText(framed));
    expect(events.at(-1)?.event).toBe('error');
  });

  it('produces events the SDK own parser reads back once re-framed the way the gateway writes them', async () => {
    server.handle((_request, response) => replySse(response, fixture('message.sse')));
    const events = await streamedEvents(await send(conversations.singleTurn, true));
    const reframed = events.map((event) => `event: ${event.event ?? ''}\ndata: ${event.data}\n\n`).join('');

    const parsed: unknown[] = [];
    for await (const item of Stream.fromSSEResponse<unknown>(new Response(reframed), new AbortController())) parsed.push(item);
    // The SDK's parser skips `ping` by design; every other event must come back as sent.
    expect(parsed).toEqual(events.filter((event) => event.event !== 'ping').map((event): unknown => JSON.parse(event.data)));

    const raw: SseEvent[] = [];
    for await (const item of Stream.rawEvents(new Response(reframed))) raw.push({ event: item.event ?? undefined, data: item.data });
    expect(raw).toEqual(events);
  });

  it('maps a 529 before the stream starts to upstream_error', async () => {
    server.handle((_request, response) => replyJson(response, 529, fixture('error-overloaded.json')));
    const error = await settle(send(conversations.singleTurn, true));
    expect(upstreamDetails(error)).toEqual({
      code: 'upstream_error',
      status: 502,
      details: [{ provider: 'anthropic', status: 529, body: JSON.parse(fixture('error-overloaded.json')) }],
    });
  });

  it('aborts mid-stream as an abort, and the vendor connection closes', async () => {
    const [first] = parseSseText(fixture('message.sse'));
    server.handle((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.write(`event: ${first?.event ?? ''}\ndata: ${first?.data ?? ''}\n\n`);
    });
    const controller = new AbortController();
    const reply = await send(conversations.singleTurn, true, controller.signal);
    if (reply.kind !== 'stream') throw new Error('expected a stream');
    const iterator = reply.batches[Symbol.asyncIterator]();
    expect((await iterator.next()).value?.events).toEqual([first]);

    const next = settle(iterator.next());
    controller.abort();
    const error = await next;
    expect(isAbortError(error)).toBe(true);
    expect(error).not.toBeInstanceOf(GatewayError);
    await server.requests[0]?.closedEarly;
  });

  it('maps a connection the vendor drops mid-stream to upstream_error', async () => {
    const [first] = parseSseText(fixture('message.sse'));
    server.handle((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.write(`event: ${first?.event ?? ''}\ndata: ${first?.data ?? ''}\n\n`, () => response.destroy());
    });
    const reply = await send(conversations.singleTurn, true);
    const events: SseEvent[] = [];
    const error = await settle(
      (async () => {
        if (reply.kind !== 'stream') throw new Error('expected a stream');
        for await (const batch of reply.batches) events.push(...batch.events);
      })(),
    );
    expect(events).toEqual([first]);
    expect(error).toBeInstanceOf(GatewayError);
    expect(error).toMatchObject({ code: 'upstream_error', details: [{ provider: 'anthropic', status: null }] });
  });

  it('closes the vendor connection when the reader stops early', async () => {
    const [first] = parseSseText(fixture('message.sse'));
    server.handle((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.write(`event: ${first?.event ?? ''}\ndata: ${first?.data ?? ''}\n\n`);
    });
    const reply = await send(conversations.singleTurn, true);
    if (reply.kind !== 'stream') throw new Error('expected a stream');
    const iterator = reply.batches[Symbol.asyncIterator]();
    await iterator.next();
    await iterator.return?.();
    await server.requests[0]?.closedEarly;
  });
});
