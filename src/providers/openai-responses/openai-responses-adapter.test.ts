import { afterEach, beforeEach, describe, expect, test } from 'vitest';
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
import { createOpenAIResponsesAdapter } from './openai-responses-adapter.js';
import { parseSseText } from '../../../test/support/sse-text.js';
import { readVendorFixture } from '../../../test/support/vendor-fixtures.js';
import { streamedEvents } from '../../../test/support/event-batches.js';

const fixture = (name: string): string => readVendorFixture('openai-responses', name);

let server: LoopbackServer;
let model: ModelTarget;

beforeEach(async () => {
  server = await startLoopbackServer();
  model = target('openai-responses', 'gpt-4.1', { baseUrl: `${server.url}/v1` });
});

afterEach(async () => {
  await server.close();
});

describe('createOpenAIResponsesAdapter', () => {
  test('exposes its id and capability table', () => {
    const adapter = createOpenAIResponsesAdapter();
    expect(adapter.id).toBe('openai-responses');
    expect(Object.keys(adapter.capabilities(model)).sort()).toEqual(['image', 'pdf', 'text']);
  });

  test('non-streamed: posts to /v1/responses and relays the JSON byte for byte', async () => {
    const body = fixture('response.json');
    server.handle((_request, response) => replyJson(response, 200, body));
    const prepared = createOpenAIResponsesAdapter().prepare(conversations.multiTurnWithParams, model);

    const reply = await prepared.send({ stream: false, signal: new AbortController().signal });

    expect(reply).toEqual({ kind: 'json', body });
    const [request] = server.requests;
    expect(request?.method).toBe('POST');
    expect(request?.url).toBe('/v1/responses');
    expect(request?.headers.authorization).toBe('Bearer test-key');
    expect(JSON.parse(request?.body ?? '')).toEqual(prepared.body);
    expect(prepared.warnings).toHaveLength(2);
  });

  test('streamed: relays the typed events in order with their event names', async () => {
    const sse = fixture('response.sse');
    server.handle((_request, response) => replySse(response, sse, 50));
    const prepared = createOpenAIResponsesAdapter().prepare(conversations.singleTurn, model);

    const reply = await prepared.send({ stream: true, signal: new AbortController().signal });
    const events = await streamedEvents(reply);

    expect(events).toEqual(parseSseText(sse));
    expect(events.map((event) => event.event)).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.content_part.added',
      ...Array<string>(6).fill('response.output_text.delta'),
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.completed',
    ]);
    expect(JSON.parse(server.requests[0]?.body ?? '')).toEqual({ ...prepared.body, stream: true });
  });

  test.each([
    ['error-400.json', 400],
    ['error-500.json', 500],
  ])('%s becomes upstream_error with the status and the vendor error', async (name, status) => {
    const vendorBody = JSON.parse(fixture(name));
    server.handle((_request, response) => replyJson(response, status, vendorBody));

    const error = await createOpenAIResponsesAdapter()
      .prepare(conversations.singleTurn, model)
      .send({ stream: false, signal: new AbortController().signal })
      .catch((failure: unknown) => failure);

    expect(error).toBeInstanceOf(GatewayError);
    expect((error as GatewayError).details).toEqual([{ provider: 'openai-responses', status, body: vendorBody.error }]);
    expect(server.requests).toHaveLength(1);
  });

  test('abort mid-stream: the abort propagates and the connection closes', async () => {
    const [firstFrame = ''] = fixture('response.sse').split(/(?<=\n\n)/);
    const arrived = new Promise<RecordedRequest>((resolve) => {
      server.handle((request, response) => {
        response.writeHead(200, { 'content-type': 'text/event-stream' });
        response.write(firstFrame);
        resolve(request);
      });
    });
    const controller = new AbortController();
    const reply = await createOpenAIResponsesAdapter()
      .prepare(conversations.singleTurn, model)
      .send({ stream: true, signal: controller.signal });
    if (reply.kind !== 'stream') throw new Error('expected a stream');
    const events = reply.batches[Symbol.asyncIterator]();

    const first = await events.next();
    expect(first.value?.events[0]).toMatchObject({ event: 'response.created' });
    controller.abort();
    const error = await events.next().catch((failure: unknown) => failure);

    expect(isAbortError(error)).toBe(true);
    await (await arrived).closedEarly;
  });
});
