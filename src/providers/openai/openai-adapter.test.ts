import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { GatewayError } from '../../errors.js';
import { conversations, target } from '../../../test/support/conversations.js';
import {
  replyJson,
  replySse,
  startLoopbackServer,
  type LoopbackServer,
  type RecordedRequest,
} from '../../../test/support/loopback-server.js';
import type { ModelTarget } from '../provider.js';
import { isAbortError } from '../shared/upstream-error.js';
import { createOpenAIChatAdapter } from './openai-adapter.js';
import { streamedEvents } from '../../../test/support/event-batches.js';
import { parseSseText } from '../../../test/support/sse-text.js';
import { rejectionOf } from '../../../test/support/thrown.js';
import { readVendorFixture } from '../../../test/support/vendor-fixtures.js';

const fixture = (name: string): string => readVendorFixture('openai', name);

/** Resolves with the request once the server has it; the reply is left to `respond`. */
function nextRequest(server: LoopbackServer, respond: Parameters<LoopbackServer['handle']>[0] = () => undefined): Promise<RecordedRequest> {
  return new Promise((resolve) => {
    server.handle(async (request, response) => {
      resolve(request);
      await respond(request, response);
    });
  });
}

let server: LoopbackServer;
let model: ModelTarget;

beforeEach(async () => {
  server = await startLoopbackServer();
  model = target('openai', 'gpt-4o', { baseUrl: `${server.url}/v1` });
});

afterEach(async () => {
  vi.unstubAllEnvs();
  await server.close();
});

describe('createOpenAIChatAdapter', () => {
  test('exposes its id and capability table', () => {
    const adapter = createOpenAIChatAdapter();
    expect(adapter.id).toBe('openai');
    expect(Object.keys(adapter.capabilities(model)).sort()).toEqual(['audio', 'image', 'pdf', 'text']);
  });

  test('non-streamed: sends the prepared body and relays the JSON reply byte for byte', async () => {
    const body = fixture('chat-completion.json');
    server.handle((_request, response) => replyJson(response, 200, body));
    const prepared = createOpenAIChatAdapter().prepare(conversations.multiTurnWithParams, model);

    const reply = await prepared.send({ stream: false, signal: new AbortController().signal });

    expect(reply).toEqual({ kind: 'json', body });
    const [request] = server.requests;
    expect(request?.method).toBe('POST');
    expect(request?.url).toBe('/v1/chat/completions');
    expect(request?.headers.authorization).toBe('Bearer test-key');
    expect(JSON.parse(request?.body ?? '')).toEqual(prepared.body);
  });

  test('streamed: asks for usage, relays every event in order including [DONE]', async () => {
    const sse = fixture('chat-completion.sse');
    server.handle((_request, response) => replySse(response, sse, 37));
    const prepared = createOpenAIChatAdapter().prepare(conversations.singleTurn, model);

    const events = await streamedEvents(await prepared.send({ stream: true, signal: new AbortController().signal }));

    expect(events).toEqual(parseSseText(sse));
    expect(events.at(-1)).toEqual({ event: undefined, data: '[DONE]' });
    expect(JSON.parse(server.requests[0]?.body ?? '')).toEqual({
      ...prepared.body,
      stream: true,
      stream_options: { include_usage: true },
    });
  });

  test("streamed: the vendor's own error frame is relayed as an event, not swallowed", async () => {
    const sse = fixture('stream-error.sse');
    server.handle((_request, response) => replySse(response, sse));
    const prepared = createOpenAIChatAdapter().prepare(conversations.singleTurn, model);

    const events = await streamedEvents(await prepared.send({ stream: true, signal: new AbortController().signal }));

    expect(events).toEqual(parseSseText(sse));
  });

  test.each([
    ['error-400.json', 400],
    ['error-401.json', 401],
    ['error-429.json', 429],
    ['error-500.json', 500],
  ])('%s becomes upstream_error with the status and the vendor error, tried once', async (name, status) => {
    const vendorBody = JSON.parse(fixture(name));
    server.handle((_request, response) => replyJson(response, status, vendorBody));
    const prepared = createOpenAIChatAdapter().prepare(conversations.singleTurn, model);

    const error = await rejectionOf(prepared.send({ stream: false, signal: new AbortController().signal }));

    expect(error).toBeInstanceOf(GatewayError);
    expect(error).toMatchObject({ code: 'upstream_error', status: 502 });
    expect((error as GatewayError).details).toEqual([{ provider: 'openai', status, body: vendorBody.error }]);
    // The gateway owns retries: the SDK must not have tried again.
    expect(server.requests).toHaveLength(1);
  });

  test('an error status on a streamed call is mapped the same way', async () => {
    server.handle((_request, response) => replyJson(response, 400, fixture('error-400.json')));
    const prepared = createOpenAIChatAdapter().prepare(conversations.singleTurn, model);

    const error = await rejectionOf(prepared.send({ stream: true, signal: new AbortController().signal }));

    expect(error).toMatchObject({ code: 'upstream_error', details: [{ provider: 'openai', status: 400 }] });
  });

  test('a server that is not there is upstream_error with no status', async () => {
    const gone = await startLoopbackServer();
    await gone.close();
    const prepared = createOpenAIChatAdapter().prepare(conversations.singleTurn, { ...model, baseUrl: `${gone.url}/v1` });

    const error = await rejectionOf(prepared.send({ stream: false, signal: new AbortController().signal }));

    expect(error).toMatchObject({ code: 'upstream_error', details: [{ provider: 'openai', status: null }] });
  });

  test('timeoutMs bounds the wait for headers: upstream_timeout', async () => {
    const arrived = nextRequest(server);
    const prepared = createOpenAIChatAdapter().prepare(conversations.singleTurn, { ...model, timeoutMs: 50 });

    const error = await rejectionOf(prepared.send({ stream: false, signal: new AbortController().signal }));

    expect(error).toMatchObject({ code: 'upstream_timeout' });
    await (await arrived).closedEarly;
  });

  test('abort before the headers: the abort propagates as an abort and the connection closes', async () => {
    const arrived = nextRequest(server);
    const controller = new AbortController();
    const sending = createOpenAIChatAdapter().prepare(conversations.singleTurn, model).send({ stream: false, signal: controller.signal });
    const request = await arrived;

    controller.abort();
    const error = await rejectionOf(sending);

    expect(isAbortError(error)).toBe(true);
    expect(error).not.toBeInstanceOf(GatewayError);
    await request.closedEarly;
  });

  test("abort with a reason: the caller's own reason comes back unchanged", async () => {
    const arrived = nextRequest(server);
    const controller = new AbortController();
    const sending = createOpenAIChatAdapter().prepare(conversations.singleTurn, model).send({ stream: false, signal: controller.signal });
    const request = await arrived;
    const reason = new GatewayError('upstream_timeout', 'the gateway gave up');

    controller.abort(reason);

    expect(await rejectionOf(sending)).toBe(reason);
    await request.closedEarly;
  });

  test('abort mid-stream: iteration fails with the abort and the connection closes', async () => {
    const [firstFrame = ''] = fixture('chat-completion.sse').split(/(?<=\n\n)/);
    const arrived = nextRequest(server, (_request, response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.write(firstFrame);
    });
    const controller = new AbortController();
    const reply = await createOpenAIChatAdapter().prepare(conversations.singleTurn, model).send({ stream: true, signal: controller.signal });
    if (reply.kind !== 'stream') throw new Error('expected a stream');
    const events = reply.batches[Symbol.asyncIterator]();

    expect((await events.next()).value?.events).toEqual([{ event: undefined, data: firstFrame.slice(6, -2) }]);
    controller.abort();
    const error = await rejectionOf(events.next());

    expect(isAbortError(error)).toBe(true);
    expect(error).not.toBeInstanceOf(GatewayError);
    await (await arrived).closedEarly;
  });

  test('a consumer that stops reading releases the connection', async () => {
    const [firstFrame = ''] = fixture('chat-completion.sse').split(/(?<=\n\n)/);
    const arrived = nextRequest(server, (_request, response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.write(firstFrame);
    });
    const reply = await createOpenAIChatAdapter()
      .prepare(conversations.singleTurn, model)
      .send({ stream: true, signal: new AbortController().signal });
    if (reply.kind !== 'stream') throw new Error('expected a stream');

    for await (const batch of reply.batches) {
      expect(batch.events[0]?.data).toContain('chat.completion.chunk');
      break;
    }

    await (await arrived).closedEarly;
  });

  test('one adapter follows a changed base URL for the same alias', async () => {
    const other = await startLoopbackServer((_request, response) => replyJson(response, 200, '{"moved":true}'));
    server.handle((_request, response) => replyJson(response, 200, '{"moved":false}'));
    const adapter = createOpenAIChatAdapter();
    const signal = new AbortController().signal;

    const first = await adapter.prepare(conversations.singleTurn, model).send({ stream: false, signal });
    const second = await adapter.prepare(conversations.singleTurn, { ...model, baseUrl: `${other.url}/v1` }).send({ stream: false, signal });
    await other.close();

    expect(first).toEqual({ kind: 'json', body: '{"moved":false}' });
    expect(second).toEqual({ kind: 'json', body: '{"moved":true}' });
  });

  test('no key in the config falls back to OPENAI_API_KEY', async () => {
    vi.stubEnv('OPENAI_API_KEY', 'key-from-environment');
    server.handle((_request, response) => replyJson(response, 200, fixture('chat-completion.json')));

    await createOpenAIChatAdapter()
      .prepare(conversations.singleTurn, { ...model, apiKey: undefined })
      .send({ stream: false, signal: new AbortController().signal });

    expect(server.requests[0]?.headers.authorization).toBe('Bearer key-from-environment');
  });

  test('no key anywhere is an upstream_error naming the alias (a fallback can take over), and nothing is sent', async () => {
    vi.stubEnv('OPENAI_API_KEY', undefined);
    const prepared = createOpenAIChatAdapter().prepare(conversations.singleTurn, { ...model, apiKey: undefined });

    const error = await rejectionOf(prepared.send({ stream: false, signal: new AbortController().signal }));

    expect(error).toMatchObject({
      code: 'upstream_error',
      message: 'model "openai-test" has no API key: set api_key in its config or OPENAI_API_KEY',
    });
    expect(server.requests).toHaveLength(0);
  });
});
