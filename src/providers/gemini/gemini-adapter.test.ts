import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { GatewayError } from '../../errors.js';
import type { ModelTarget, SseEvent, SseEventBatch, UpstreamReply } from '../provider.js';
import { isAbortError } from '../shared/upstream-error.js';
import { conversations, target } from '../../../test/support/conversations.js';
import {
  replyJson,
  replySse,
  startLoopbackServer,
  type LoopbackServer,
  type RecordedRequest,
} from '../../../test/support/loopback-server.js';
import { createGeminiAdapter } from './gemini-adapter.js';
import { rejectionOf } from '../../../test/support/thrown.js';
import { readVendorFixture } from '../../../test/support/vendor-fixtures.js';
import { streamedEvents } from '../../../test/support/event-batches.js';

const fixture = (name: string): string => readVendorFixture('gemini', name);

const generateContentPath = '/v1beta/models/gemini-2.5-flash:generateContent';
const streamPath = '/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse';

let server: LoopbackServer;
let gemini: ModelTarget;

beforeAll(async () => {
  server = await startLoopbackServer();
  gemini = target('gemini', 'gemini-2.5-flash', { baseUrl: server.url });
});
afterEach(() => {
  server.requests.length = 0;
  vi.unstubAllEnvs();
});
afterAll(async () => {
  await server.close();
});

function expectJson(reply: UpstreamReply): string {
  if (reply.kind !== 'json') throw new Error(`expected a JSON reply, got ${reply.kind}`);
  return reply.body;
}

function expectStream(reply: UpstreamReply): AsyncIterable<SseEventBatch> {
  if (reply.kind !== 'stream') throw new Error(`expected a stream reply, got ${reply.kind}`);
  return reply.batches;
}

/** A handler that records the request, then never answers (until the client gives up). */
function hangingHandler(): { arrived: Promise<RecordedRequest>; handler: (request: RecordedRequest) => void } {
  let arrive: (request: RecordedRequest) => void = () => undefined;
  const arrived = new Promise<RecordedRequest>((resolve) => {
    arrive = resolve;
  });
  return { arrived, handler: (request) => arrive(request) };
}

describe('gemini adapter: generateContent', () => {
  it('posts the converter body with the key header and relays the JSON byte for byte', async () => {
    const reply = fixture('generate-content.json');
    server.handle((_request, response) => replyJson(response, 200, reply));
    const prepared = createGeminiAdapter().prepare(conversations.multiTurnWithParams, gemini);

    const body = expectJson(await prepared.send({ stream: false, signal: new AbortController().signal }));

    expect(body).toBe(reply);
    const [request] = server.requests;
    expect(request?.method).toBe('POST');
    expect(request?.url).toBe(generateContentPath);
    expect(request?.headers['x-goog-api-key']).toBe('test-key');
    expect(JSON.parse(request?.body ?? 'null')).toEqual(prepared.body);
  });

  it.each([
    [400, 'error-400.json'],
    [429, 'error-429.json'],
    [500, 'error-500.json'],
  ])('maps HTTP %i to upstream_error with the status and the vendor body', async (status, file) => {
    server.handle((_request, response) => replyJson(response, status, fixture(file)));
    const prepared = createGeminiAdapter().prepare(conversations.singleTurn, gemini);

    const error = await rejectionOf(prepared.send({ stream: false, signal: new AbortController().signal }));

    expect(error).toBeInstanceOf(GatewayError);
    expect(error).toMatchObject({
      code: 'upstream_error',
      status: 502,
      details: [{ provider: 'gemini', status, body: JSON.parse(fixture(file)) }],
    });
    // One attempt only: the gateway, not the SDK, retries.
    expect(server.requests).toHaveLength(1);
  });

  it('keeps an abort before the headers an abort and closes the connection', async () => {
    const { arrived, handler } = hangingHandler();
    server.handle(handler);
    const controller = new AbortController();
    const sending = createGeminiAdapter()
      .prepare(conversations.singleTurn, gemini)
      .send({ stream: false, signal: controller.signal });

    const request = await arrived;
    controller.abort();
    const error = await rejectionOf(sending);

    expect(isAbortError(error)).toBe(true);
    expect(error).not.toBeInstanceOf(GatewayError);
    await request.closedEarly;
  });

  it('turns the configured timeout into upstream_timeout', async () => {
    const { handler } = hangingHandler();
    server.handle(handler);
    const prepared = createGeminiAdapter().prepare(conversations.singleTurn, { ...gemini, timeoutMs: 50 });

    const error = await rejectionOf(prepared.send({ stream: false, signal: new AbortController().signal }));

    expect(error).toMatchObject({ code: 'upstream_timeout', status: 504 });
  });

  it('reports a missing API key as upstream_error instead of crashing', async () => {
    vi.stubEnv('GEMINI_API_KEY', '');
    vi.stubEnv('GOOGLE_API_KEY', '');
    const prepared = createGeminiAdapter().prepare(conversations.singleTurn, { ...gemini, apiKey: undefined });

    const error = await rejectionOf(prepared.send({ stream: false, signal: new AbortController().signal }));

    expect(error).toMatchObject({ code: 'upstream_error', status: 502 });
    expect((error as GatewayError).message).toBe(
      'no Gemini API key for model "gemini-test": set api_key or GOOGLE_API_KEY / GEMINI_API_KEY',
    );
    expect(server.requests).toHaveLength(0);
  });

  it('uses GEMINI_API_KEY from the environment when the target has no key', async () => {
    vi.stubEnv('GOOGLE_API_KEY', '');
    vi.stubEnv('GEMINI_API_KEY', 'key-from-env');
    server.handle((_request, response) => replyJson(response, 200, fixture('generate-content.json')));
    const prepared = createGeminiAdapter().prepare(conversations.singleTurn, { ...gemini, apiKey: undefined });

    await prepared.send({ stream: false, signal: new AbortController().signal });

    expect(server.requests[0]?.headers['x-goog-api-key']).toBe('key-from-env');
  });
});

describe('gemini adapter: streamGenerateContent', () => {
  const framed = fixture('stream.sse');
  const chunks = framed
    .split('\r\n\r\n')
    .filter((chunk) => chunk !== '')
    .map((chunk) => chunk.slice('data: '.length));

  it('posts to :streamGenerateContent?alt=sse and relays every event in order, unchanged', async () => {
    server.handle((_request, response) => replySse(response, framed, 50));
    const prepared = createGeminiAdapter().prepare(conversations.imagesByUrlAndInline, gemini);

    const events = await streamedEvents(await prepared.send({ stream: true, signal: new AbortController().signal }));

    expect(chunks).toHaveLength(3);
    expect(events).toEqual(chunks.map((data) => ({ event: undefined, data })));
    const [request] = server.requests;
    expect(request?.url).toBe(streamPath);
    expect(request?.headers['x-goog-api-key']).toBe('test-key');
    expect(JSON.parse(request?.body ?? 'null')).toEqual(prepared.body);
  });

  it('ends the stream with upstream_error when Gemini sends an error chunk', async () => {
    const errorChunk = JSON.stringify(JSON.parse(fixture('error-500.json')));
    server.handle((_request, response) => replySse(response, `data: ${chunks[0] ?? ''}\r\n\r\ndata: ${errorChunk}\r\n\r\n`));
    const prepared = createGeminiAdapter().prepare(conversations.singleTurn, gemini);
    const received: SseEvent[] = [];

    const events = expectStream(await prepared.send({ stream: true, signal: new AbortController().signal }));
    const error = await rejectionOf(
      (async () => {
        for await (const batch of events) received.push(...batch.events);
      })(),
    );

    expect(received).toEqual([{ event: undefined, data: chunks[0] }]);
    expect(error).toMatchObject({
      code: 'upstream_error',
      details: [{ provider: 'gemini', status: 500, body: JSON.parse(errorChunk) }],
    });
  });

  it('maps an error status before the stream to upstream_error', async () => {
    server.handle((_request, response) => replyJson(response, 429, fixture('error-429.json')));
    const prepared = createGeminiAdapter().prepare(conversations.singleTurn, gemini);

    const error = await rejectionOf(prepared.send({ stream: true, signal: new AbortController().signal }));

    expect(error).toMatchObject({ code: 'upstream_error', details: [{ status: 429 }] });
  });

  it('keeps an abort mid-stream an abort and closes the connection', async () => {
    server.handle((_request, response) => {
      // One event, then silence: the connection stays open until the client leaves.
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.write(`data: ${chunks[0] ?? ''}\r\n\r\n`);
    });
    const controller = new AbortController();
    const prepared = createGeminiAdapter().prepare(conversations.singleTurn, gemini);

    const iterator = expectStream(await prepared.send({ stream: true, signal: controller.signal }))[Symbol.asyncIterator]();
    const firstBatch = await iterator.next();
    controller.abort();
    const error = await rejectionOf(iterator.next());

    expect(firstBatch.value?.events).toEqual([{ event: undefined, data: chunks[0] }]);
    expect(isAbortError(error)).toBe(true);
    await server.requests[0]?.closedEarly;
  });
});
