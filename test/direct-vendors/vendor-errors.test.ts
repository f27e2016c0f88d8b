/**
 * Vendor failures through run_direct for every vendor: an error status (400, 500) becomes a 502
 * `upstream_error` carrying the vendor's status and error body; a stream that fails after the
 * first event ends with `event: error`.
 */

import type { ServerResponse } from 'node:http';
import { Stream as AnthropicStream } from '@anthropic-ai/sdk/core/streaming';
import { APIError } from 'openai';
import { Stream as OpenAIStream } from 'openai/core/streaming';
import { afterEach, describe, expect, it } from 'vitest';
import { directBody, readConversation } from '../support/gateway.js';
import { replyJson, replySse } from '../support/loopback-server.js';
import {
  anthropic,
  firstRecordedBlock,
  gatewayFor,
  gemini,
  openAIChat,
  openAICompatible,
  openAIResponses,
  post,
  readFirstEvent,
  readRest,
  Resources,
  vendors,
  type Vendor,
} from './helpers.js';
import { readVendorFixture } from '../support/vendor-fixtures.js';
import { parseSseText } from '../support/sse-text.js';

const resources = new Resources();

afterEach(async () => {
  await resources.closeAll();
});

const conversation = readConversation('single-model-text');

/** Anthropic's documented 500 body; its recorded fixtures hold a 400 and a 529. */
const anthropicServerError = JSON.stringify({
  type: 'error',
  error: { type: 'api_error', message: 'Internal server error' },
  request_id: 'req_011CSHoGa7m2Xk4ZtRvW9pLq',
});

/** The recorded error body a vendor answers with, as text. */
function errorBody(vendor: Vendor, status: 400 | 500): string {
  if (vendor === anthropic) return status === 400 ? readVendorFixture('anthropic', 'error-400.json') : anthropicServerError;
  return readVendorFixture(vendor.fixtures, `error-${status}.json`);
}

/**
 * What `details[0].body` holds: the OpenAI SDK hands on the inner `error` object of
 * `{"error": {...}}`; Anthropic and Gemini errors keep the whole body.
 */
function expectedDetailBody(vendor: Vendor, text: string): unknown {
  const parsed = JSON.parse(text) as { error?: unknown };
  return vendor === anthropic || vendor === gemini ? parsed : parsed.error;
}

describe.each(vendors)('$provider answering with an error status', (vendor) => {
  it.each([
    [400, false],
    [500, false],
    [400, true],
  ] as const)('HTTP %i (streamed: %s) -> 502 upstream_error with the vendor status and body', async (status, stream) => {
    const { url, server } = await gatewayFor(resources, vendor);
    const body = errorBody(vendor, status);
    server.handle((_request, response) => replyJson(response, status, body));

    const response = await post(url, '/run_direct', directBody(conversation, { model: vendor.alias, stream }), {
      'x-request-id': 'lb-err-1',
    });

    expect(response.status).toBe(502);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await response.json()).toEqual({
      error: {
        code: 'upstream_error',
        message: `${vendor.provider} answered with HTTP ${status}`,
        request_id: 'lb-err-1',
        details: [{ provider: vendor.provider, status, body: expectedDetailBody(vendor, body) }],
      },
    });
    // A 400 is the request's fault: nobody tries it again.
    if (status === 400) expect(server.requests).toHaveLength(1);
  });
});

describe.each(vendors)('$provider failing mid-stream', (vendor) => {
  it('relays the first event, then ends with event: error', async () => {
    const { url, server } = await gatewayFor(resources, vendor);
    const first = firstRecordedBlock(vendor);
    const held: ServerResponse[] = [];
    server.handle((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.write(first);
      held.push(response);
    });

    const response = await post(url, '/run_direct', directBody(conversation, { model: vendor.alias, stream: true }), {
      'x-request-id': 'lb-drop-1',
    });
    expect(response.status).toBe(200);
    const reader = response.body?.getReader();
    if (reader === undefined) throw new Error('the streamed reply has no body');
    const relayed = await readFirstEvent(reader);
    // The vendor's connection drops only once its first event has reached the client.
    held[0]?.destroy();
    const events = parseSseText(relayed + (await readRest(reader)));

    expect(events).toHaveLength(2);
    expect(events[0]).toEqual(parseSseText(first)[0]);
    expect(events[1]?.event).toBe('error');
    expect(JSON.parse(events[1]?.data ?? 'null')).toEqual({
      error: {
        code: 'upstream_error',
        message: `${vendor.provider} could not be reached`,
        request_id: 'lb-drop-1',
        details: [{ provider: vendor.provider, status: null, body: expect.any(String) }],
      },
    });
  });
});

describe("a vendor's own mid-stream error", () => {
  it('anthropic: its event: error is relayed as the last event, and its SDK parser throws it', async () => {
    const { url, server } = await gatewayFor(resources, anthropic);
    const recorded = readVendorFixture('anthropic', 'stream-overloaded.sse');
    server.handle((_request, response) => replySse(response, recorded));

    const response = await post(url, '/run_direct', directBody(conversation, { model: anthropic.alias, stream: true }));
    // Read the copy to its end first: a tee'd body's cancel (which the parser does on throwing)
    // waits for the other branch otherwise.
    expect(await response.clone().text()).toBe(recorded);

    const parsed: unknown[] = [];
    const failure = await (async () => {
      for await (const event of AnthropicStream.fromSSEResponse<unknown>(response, new AbortController())) parsed.push(event);
    })().catch((error: unknown) => error);
    expect(parsed).toEqual([JSON.parse(parseSseText(recorded)[0]?.data ?? 'null')]);
    expect(failure).toMatchObject({ type: 'overloaded_error' });
  });

  it.each([openAIChat, openAICompatible])('$provider: its data: {"error"} frame is relayed and the openai parser throws it', async (vendor) => {
    const { url, server } = await gatewayFor(resources, vendor);
    const recorded = readVendorFixture('openai', 'stream-error.sse');
    server.handle((_request, response) => replySse(response, recorded));

    const response = await post(url, '/run_direct', directBody(conversation, { model: vendor.alias, stream: true }));
    expect(await response.clone().text()).toBe(recorded);

    const chunks: unknown[] = [];
    const failure = await (async () => {
      for await (const chunk of OpenAIStream.fromSSEResponse<unknown>(response, new AbortController())) chunks.push(chunk);
    })().catch((error: unknown) => error);
    expect(chunks).toHaveLength(2);
    expect(failure).toBeInstanceOf(APIError);
    expect(failure).toMatchObject({ type: 'server_error' });
  });

  it('gemini: an {"error"} chunk ends the stream with the gateway event: error naming its status', async () => {
    const { url, server } = await gatewayFor(resources, gemini);
    const [first] = parseSseText(readVendorFixture('gemini', 'stream.sse'));
    const vendorError = JSON.parse(readVendorFixture('gemini', 'error-500.json')) as unknown;
    server.handle((_request, response) =>
      replySse(response, `data: ${first?.data ?? ''}\r\n\r\ndata: ${JSON.stringify(vendorError)}\r\n\r\n`),
    );

    const response = await post(url, '/run_direct', directBody(conversation, { model: gemini.alias, stream: true }), {
      'x-request-id': 'lb-gem-1',
    });

    const events = parseSseText(await response.text());
    expect(events.map((event) => event.event)).toEqual([undefined, 'error']);
    expect(events[0]?.data).toBe(first?.data);
    expect(JSON.parse(events[1]?.data ?? 'null')).toEqual({
      error: {
        code: 'upstream_error',
        message: 'gemini failed mid-stream with HTTP 500',
        request_id: 'lb-gem-1',
        details: [{ provider: 'gemini', status: 500, body: vendorError }],
      },
    });
  });

  it('openai-responses: a 500 before the stream starts is still a JSON 502', async () => {
    const { url, server } = await gatewayFor(resources, openAIResponses);
    server.handle((_request, response) => replyJson(response, 500, readVendorFixture('openai-responses', 'error-500.json')));

    const response = await post(url, '/', directBody(conversation, { model: openAIResponses.alias }), { accept: 'text/event-stream' });

    expect(response.status).toBe(502);
    expect(((await response.json()) as { error: { details: unknown[] } }).error.details).toEqual([
      { provider: 'openai-responses', status: 500, body: JSON.parse(readVendorFixture('openai-responses', 'error-500.json')).error },
    ]);
  });
});
