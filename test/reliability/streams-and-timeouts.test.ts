/**
 * Streams and timeouts (issue 6 §2): a stream is retried only while nothing has reached the
 * client; after the first byte a failure is an `event: error`, never a retry. Stalls become 504
 * `upstream_timeout` (total for a non-streamed call, first byte for a stream) or, mid-stream, an
 * `event: error` carrying `upstream_timeout`; each time the stalled vendor call is closed.
 */

import { describe, expect, it } from 'vitest';
import type { RecordedRequest } from '../support/loopback-server.js';
import { faults, type FaultVendor } from '../support/fault-vendor.js';
import { direct, errorOf, errorEvent, gatewayYaml, post, startGateway, vendor, vendorModel, type ModelSettings } from './helpers.js';

async function gatewayFor(upstream: FaultVendor, settings: ModelSettings = {}): Promise<string> {
  const alias = upstream.dialect === 'openai' ? 'gpt' : 'claude';
  const { url } = await startGateway(gatewayYaml({ [alias]: vendorModel(upstream, settings) }));
  return url;
}

/** The first `count` events of a recorded SSE body, as framed on the wire. */
function firstEvents(framed: string, count: number): string {
  return framed
    .split('\n\n')
    .slice(0, count)
    .map((event) => `${event}\n\n`)
    .join('');
}

/** True once the vendor saw the gateway close this request before the answer ended. */
function closedFlag(request: RecordedRequest | undefined): () => boolean {
  let closed = false;
  void request?.closedEarly.then(() => {
    closed = true;
  });
  return () => closed;
}

describe('streams are retried only before the first byte', () => {
  it.each([
    ['a reset before the headers', faults.reset()],
    ['a 503', faults.status(503)],
    ['a 429 with Retry-After: 0', faults.status(429, { 'retry-after': '0' })],
  ])('OpenAI: %s twice, then the whole stream from the third attempt', async (_name, fault) => {
    const openai = await vendor('openai');
    openai.script(fault, fault);
    const url = await gatewayFor(openai);
    const response = await post(url, direct('gpt'), { headers: { accept: 'text/event-stream' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(response.headers.get('x-gateway-attempts')).toBe('3');
    expect(await response.text()).toBe(openai.okSse);
    expect(openai.requests).toHaveLength(3);
    for (const request of openai.requests) expect(JSON.parse(request.body)).toMatchObject({ stream: true });
  });

  it('Anthropic: 529 then a reset, then the stream with its event names', async () => {
    const anthropic = await vendor('anthropic');
    anthropic.script(faults.status(529), faults.reset());
    const url = await gatewayFor(anthropic);
    const response = await post(url, direct('claude', { stream: true }));
    expect(response.status).toBe(200);
    expect(await response.text()).toBe(anthropic.okSse);
    expect(response.headers.get('x-gateway-attempts')).toBe('3');
    expect(anthropic.requests).toHaveLength(3);
  });

  it('every attempt fails before the first byte: an ordinary JSON 502, not a stream', async () => {
    const openai = await vendor('openai');
    openai.otherwise(faults.status(503));
    const url = await gatewayFor(openai);
    const response = await post(url, direct('gpt', { stream: true }), { headers: { 'x-request-id': 'req-s503' } });
    expect(response.status).toBe(502);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await response.json()).toEqual({
      error: {
        code: 'upstream_error',
        message: 'openai answered with HTTP 503',
        request_id: 'req-s503',
        details: [{ provider: 'openai', status: 503, body: (openai.errorBody(503) as { error: unknown }).error }],
      },
    });
    expect(openai.requests).toHaveLength(3);
  });

  it.each(['openai', 'anthropic'] as const)('%s: a reset mid-stream is an event: error and is not retried', async (dialect) => {
    const upstream = await vendor(dialect);
    upstream.script(faults.resetMidStream(2));
    const url = await gatewayFor(upstream);
    const response = await post(url, direct(dialect === 'openai' ? 'gpt' : 'claude', { stream: true }), {
      headers: { 'x-request-id': `req-mid-${dialect}` },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-gateway-attempts')).toBe('1');
    const body = await response.text();
    expect(body.startsWith(firstEvents(upstream.okSse, 2))).toBe(true);
    const rest = body.slice(firstEvents(upstream.okSse, 2).length);
    expect(rest).toMatch(/^event: error\ndata: .*\n\n$/);
    expect(errorEvent(body)).toEqual({
      error: {
        code: 'upstream_error',
        message: `${dialect} could not be reached`,
        request_id: `req-mid-${dialect}`,
        details: [{ provider: dialect, status: null, body: expect.any(String) }],
      },
    });
    expect(upstream.requests).toHaveLength(1);
  });

  it('falls back to the next model when the stream fails before its first byte', async () => {
    const openai = await vendor('openai');
    const anthropic = await vendor('anthropic');
    openai.otherwise(faults.reset());
    const { url } = await startGateway(
      gatewayYaml({ gpt: vendorModel(openai, { max_retries: 1, fallbacks: ['claude'] }), claude: vendorModel(anthropic) }),
    );
    const response = await post(url, direct('gpt', { stream: true }));
    expect(response.status).toBe(200);
    expect(response.headers.get('x-gateway-model')).toBe('claude');
    expect(response.headers.get('x-gateway-attempts')).toBe('3');
    expect(await response.text()).toBe(anthropic.okSse);
    expect([openai.requests.length, anthropic.requests.length]).toEqual([2, 1]);
  });
});

describe('timeouts', () => {
  it('non-streamed stall past timeout_ms: 504 upstream_timeout (total), not retried, vendor call closed', async () => {
    const openai = await vendor('openai');
    openai.otherwise(faults.stall());
    const url = await gatewayFor(openai, { timeout_ms: 150 });
    const response = await post(url, direct('gpt'), { headers: { 'x-request-id': 'req-total' } });
    expect(response.status).toBe(504);
    expect(await response.json()).toEqual({
      error: {
        code: 'upstream_timeout',
        message: 'The upstream call took longer than 150 ms',
        request_id: 'req-total',
        details: [{ timeout: 'total', limitMs: 150 }],
      },
    });
    expect(openai.requests).toHaveLength(1);
    await expect.poll(closedFlag(openai.requests[0])).toBe(true);
  });

  it('a slow but in-time vendor answers normally under timeout_ms', async () => {
    const openai = await vendor('openai');
    openai.script(faults.ok(20));
    const url = await gatewayFor(openai, { timeout_ms: 5_000 });
    const response = await post(url, direct('gpt'));
    expect(response.status).toBe(200);
    expect(await response.text()).toBe(openai.okJson);
  });

  it.each([
    ['never answers', faults.stall()],
    ['sends headers but no event', faults.stallMidStream(0)],
  ])('streamed, the vendor %s: first_byte_timeout_ms retried, then 504', async (_name, fault) => {
    const openai = await vendor('openai');
    openai.otherwise(fault);
    const url = await gatewayFor(openai, { first_byte_timeout_ms: 150, max_retries: 1 });
    const response = await post(url, direct('gpt', { stream: true }), { headers: { 'x-request-id': 'req-fb' } });
    expect(response.status).toBe(504);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await response.json()).toEqual({
      error: {
        code: 'upstream_timeout',
        message: 'The upstream sent nothing within 150 ms',
        request_id: 'req-fb',
        details: [{ timeout: 'first_byte', limitMs: 150 }],
      },
    });
    // A first-byte timeout is retryable: max_retries 1 makes two attempts, both closed.
    expect(openai.requests).toHaveLength(2);
    for (const request of openai.requests) await expect.poll(closedFlag(request)).toBe(true);
  });

  it('streamed, a stall after the first byte past idle_timeout_ms: event: error upstream_timeout, not retried', async () => {
    const openai = await vendor('openai');
    openai.otherwise(faults.stallMidStream(2));
    const url = await gatewayFor(openai, { idle_timeout_ms: 150, first_byte_timeout_ms: 5_000 });
    const response = await post(url, direct('gpt', { stream: true }), { headers: { 'x-request-id': 'req-idle' } });
    expect(response.status).toBe(200);
    const body = await response.text();
    expect(body).toBe(
      `${firstEvents(openai.okSse, 2)}event: error\ndata: ${JSON.stringify({
        error: {
          code: 'upstream_timeout',
          message: 'The upstream stream was silent for more than 150 ms',
          request_id: 'req-idle',
          details: [{ timeout: 'idle', limitMs: 150 }],
        },
      })}\n\n`,
    );
    expect(openai.requests).toHaveLength(1);
    await expect.poll(closedFlag(openai.requests[0])).toBe(true);
  });

  it('Anthropic, streamed: a stall past first_byte_timeout_ms is a 504 too', async () => {
    const anthropic = await vendor('anthropic');
    anthropic.otherwise(faults.stall());
    const url = await gatewayFor(anthropic, { first_byte_timeout_ms: 150, max_retries: 0 });
    const response = await post(url, direct('claude', { stream: true }));
    expect(response.status).toBe(504);
    expect(await errorOf(response)).toMatchObject({ code: 'upstream_timeout', details: [{ timeout: 'first_byte', limitMs: 150 }] });
    expect(anthropic.requests).toHaveLength(1);
  });
});
