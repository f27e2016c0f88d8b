/**
 * run_direct streamed for every vendor, asked for with `inference_params.stream: true` and
 * separately with `Accept: text/event-stream`: the vendor gets its streaming request, and the
 * client gets the vendor's own events in order (event names, `data: [DONE]`), readable by the
 * official SDKs' own stream parsers.
 */

import { Stream as AnthropicStream } from '@anthropic-ai/sdk/core/streaming';
import { Stream as OpenAIStream } from 'openai/core/streaming';
import { afterEach, describe, expect, it } from 'vitest';
import { directBody } from '../support/gateway.js';
import { expectedNativeBodies } from './expected-bodies.js';
import {
  anthropic,
  comparisonConversation,
  comparisonParams,
  gemini,
  openAIChat,
  openAICompatible,
  openAIResponses,
  gatewayFor,
  post,
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

const ways = [
  { name: 'inference_params.stream: true on /run_direct', route: '/run_direct', stream: true, headers: {} },
  { name: 'Accept: text/event-stream on /', route: '/', stream: false, headers: { accept: 'text/event-stream' } },
] as const;

/** Sends the comparison conversation streamed; returns the gateway's response and the vendor's log. */
async function streamFrom(vendor: Vendor, way: (typeof ways)[number]) {
  const media = await resources.mediaServer();
  const { url, server } = await gatewayFor(resources, vendor);
  const params = comparisonParams(vendor.alias, way.stream ? { stream: true } : {});
  const response = await post(url, way.route, directBody(comparisonConversation(media), params), {
    'x-request-id': `lb-${vendor.provider}-sse`,
    ...way.headers,
  });
  return { response, server };
}

describe.each(ways)('streamed via $name', (way) => {
  it.each(vendors)('$provider: sends the streaming request and relays the events in order', async (vendor) => {
    const { response, server } = await streamFrom(vendor, way);

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(response.headers.get('cache-control')).toBe('no-cache');
    expect(response.headers.get('x-accel-buffering')).toBe('no');
    expect(response.headers.get('x-gateway-model')).toBe(vendor.alias);
    expect(response.headers.get('x-gateway-provider')).toBe(vendor.provider);
    expect(response.headers.get('x-gateway-upstream-model')).toBe(vendor.upstreamModel);
    expect(response.headers.get('x-request-id')).toBe(`lb-${vendor.provider}-sse`);

    const text = await response.text();
    const recorded = readVendorFixture(vendor.fixtures, vendor.sseFixture);
    // The vendor's own framing is relayed as it is, Gemini's CRLF line ends included: byte for byte.
    expect(text).toBe(recorded);
    if (vendor === gemini) expect(text).toContain('\r\n\r\n');

    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]?.url).toBe(vendor.path(true));
    expect(server.requests[0]?.headers).toMatchObject(vendor.authHeaders);
    expect(JSON.parse(server.requests[0]?.body ?? 'null')).toEqual(vendor.streamedBody(expectedNativeBodies[vendor.provider]));
  });
});

/** The fixture's events, `data:` parsed as JSON. */
function recordedEvents(vendor: Vendor): { event: string | undefined; data: unknown }[] {
  return parseSseText(readVendorFixture(vendor.fixtures, vendor.sseFixture))
    .filter((event) => event.data !== '[DONE]')
    .map((event) => ({ event: event.event, data: JSON.parse(event.data) as unknown }));
}

async function collect<T>(stream: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of stream) items.push(item);
  return items;
}

describe.each(ways)("the SDKs' own parsers read the gateway's stream ($name)", (way) => {
  it.each([openAIChat, openAICompatible])('$provider: openai Stream gets every chunk, up to [DONE]', async (vendor) => {
    const { response } = await streamFrom(vendor, way);
    // Kept to read after the parser; the parser reads the live body as it arrives.
    const wire = response.clone();

    const chunks = await collect(OpenAIStream.fromSSEResponse<unknown>(response, new AbortController()));

    expect(chunks).toEqual(recordedEvents(vendor).map((event) => event.data));
    expect(chunks).toHaveLength(9);
    expect(parseSseText(await wire.text()).at(-1)).toEqual({ event: undefined, data: '[DONE]' });
  });

  it('openai-responses: openai Stream gets every typed event with its name', async () => {
    const { response } = await streamFrom(openAIResponses, way);

    const events = await collect(OpenAIStream.fromSSEResponse<{ event: string; data: unknown }>(response, new AbortController(), undefined, true));

    expect(events).toEqual(recordedEvents(openAIResponses));
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
  });

  it('anthropic: the Anthropic SDK Stream gets every event but ping, which it skips by design', async () => {
    const { response } = await streamFrom(anthropic, way);
    // Kept to read after the parser; the parser reads the live body as it arrives.
    const wire = response.clone();

    const events = await collect(AnthropicStream.fromSSEResponse<unknown>(response, new AbortController()));

    const recorded = recordedEvents(anthropic);
    expect(events).toEqual(recorded.filter((event) => event.event !== 'ping').map((event) => event.data));
    expect(parseSseText(await wire.text()).map((event) => event.event)).toEqual([
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
  });

  it("gemini: every data: payload is the vendor's, in order", async () => {
    const { response } = await streamFrom(gemini, way);

    const payloads = parseSseText(await response.text()).map((event) => JSON.parse(event.data) as unknown);

    expect(payloads).toEqual(recordedEvents(gemini).map((event) => event.data));
    expect(payloads).toHaveLength(3);
  });
});
