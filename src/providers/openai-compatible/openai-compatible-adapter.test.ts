import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { conversations, target } from '../../../test/support/conversations.js';
import { replyJson, replySse, startLoopbackServer, type LoopbackServer } from '../../../test/support/loopback-server.js';
import type { ModelTarget } from '../provider.js';
import { createOpenAICompatibleAdapter } from './openai-compatible-adapter.js';
import { readVendorFixture } from '../../../test/support/vendor-fixtures.js';
import { streamedEvents } from '../../../test/support/event-batches.js';

const fixture = (name: string): string => readVendorFixture('openai', name);

let server: LoopbackServer;
let model: ModelTarget;

beforeEach(async () => {
  server = await startLoopbackServer((_request, response) => replyJson(response, 200, fixture('chat-completion.json')));
  model = target('openai-compatible', 'llama-3.1-8b', { baseUrl: `${server.url}/v1`, apiKey: undefined });
});

afterEach(async () => {
  vi.unstubAllEnvs();
  await server.close();
});

async function sendOnce(to: ModelTarget): Promise<void> {
  await createOpenAICompatibleAdapter()
    .prepare(conversations.multiTurnWithParams, to)
    .send({ stream: false, signal: new AbortController().signal });
}

describe('createOpenAICompatibleAdapter', () => {
  test('capabilities follow the alias accepts list', () => {
    const adapter = createOpenAICompatibleAdapter();
    expect(adapter.id).toBe('openai-compatible');
    expect(Object.keys(adapter.capabilities(model)).sort()).toEqual(['image', 'text']);
    expect(Object.keys(adapter.capabilities({ ...model, accepts: ['video_url', 'input_audio'] })).sort()).toEqual([
      'audio',
      'image',
      'text',
      'video',
    ]);
  });

  test('posts the max_tokens body to <base_url>/chat/completions and relays the reply unchanged', async () => {
    const prepared = createOpenAICompatibleAdapter().prepare(conversations.multiTurnWithParams, model);

    const reply = await prepared.send({ stream: false, signal: new AbortController().signal });

    expect(reply).toEqual({ kind: 'json', body: fixture('chat-completion.json') });
    expect(server.requests[0]?.url).toBe('/v1/chat/completions');
    const sent = JSON.parse(server.requests[0]?.body ?? '');
    expect(sent).toEqual(prepared.body);
    expect(sent.max_tokens).toBe(256);
  });

  test('with no key anywhere, sends a placeholder the SDK accepts and local servers ignore', async () => {
    vi.stubEnv('OPENAI_API_KEY', undefined);
    await sendOnce(model);
    expect(server.requests[0]?.headers.authorization).toBe('Bearer not-needed');
  });

  test('never sends OPENAI_API_KEY to a third-party base_url', async () => {
    vi.stubEnv('OPENAI_API_KEY', 'key-from-environment');
    await sendOnce(model);
    expect(server.requests[0]?.headers.authorization).toBe('Bearer not-needed');
  });

  test('a configured key wins', async () => {
    vi.stubEnv('OPENAI_API_KEY', 'key-from-environment');
    await sendOnce({ ...model, apiKey: 'server-key' });
    expect(server.requests[0]?.headers.authorization).toBe('Bearer server-key');
  });

  test('streams with include_usage and relays [DONE]', async () => {
    server.handle((_request, response) => replySse(response, fixture('chat-completion.sse')));
    const reply = await createOpenAICompatibleAdapter()
      .prepare(conversations.singleTurn, model)
      .send({ stream: true, signal: new AbortController().signal });
    const events = await streamedEvents(reply);

    expect(events).toHaveLength(10);
    expect(events.at(-1)).toEqual({ event: undefined, data: '[DONE]' });
    expect(JSON.parse(server.requests[0]?.body ?? '')).toMatchObject({ stream: true, stream_options: { include_usage: true } });
  });

  test('an error status becomes upstream_error from openai-compatible', async () => {
    server.handle((_request, response) => replyJson(response, 400, fixture('error-400.json')));
    const error = await createOpenAICompatibleAdapter()
      .prepare(conversations.singleTurn, model)
      .send({ stream: false, signal: new AbortController().signal })
      .catch((failure: unknown) => failure);
    expect(error).toMatchObject({ code: 'upstream_error', details: [{ provider: 'openai-compatible', status: 400 }] });
  });
});
