/**
 * Inbound limits (issue 6 §1, §3): `requests_per_second` as a token bucket on every POST, after
 * auth; per-model `max_concurrency` with a bounded, timed wait queue; and a client leaving
 * closes the vendor call at once and gives its concurrency slot back, streamed or not.
 */

import { describe, expect, it } from 'vitest';
import type { GatewayApp } from '../../src/app.js';
import { faults, type FaultVendor } from '../support/fault-vendor.js';
import type { RecordedRequest } from '../support/loopback-server.js';
import { baseManifest } from '../support/gateway.js';
import { direct, gatewayYaml, injectGateway, post, startGateway, vendor, vendorModel, type ModelSettings } from './helpers.js';

const echoBody = direct('echo');

function expectRateLimited(status: number, headers: Record<string, unknown>, body: unknown, message: string, retryAfter = '1'): void {
  expect(status).toBe(429);
  expect(headers['retry-after']).toBe(retryAfter);
  expect(body).toEqual({ error: { code: 'rate_limited', message, request_id: headers['x-request-id'], details: [] } });
}

const overRate = 'over requests_per_second; retry later';

describe('requests_per_second', () => {
  it('2 per second: of three quick requests the third gets 429 rate_limited with Retry-After', async () => {
    const { app } = injectGateway(`${baseManifest}requests_per_second: 2\n`);
    // Sent together, so the bucket cannot refill between them however slow the machine.
    const responses = await Promise.all([1, 2, 3].map(() => app.inject({ method: 'POST', url: '/run_direct', payload: echoBody })));
    const statuses = responses.map((response) => response.statusCode);
    expect(statuses.toSorted()).toEqual([200, 200, 429]);
    const refused = responses.find((response) => response.statusCode === 429);
    expectRateLimited(refused?.statusCode ?? 0, refused?.headers ?? {}, refused?.json(), overRate);
  });

  // 0.1 per second: one request, then nothing for ten seconds, so sequential requests are exact.
  const slowRate = `${baseManifest}requests_per_second: 0.1\n`;

  it('applies to every POST route, and not to GET', async () => {
    const { app } = injectGateway(slowRate);
    expect((await app.inject({ method: 'POST', url: '/', payload: echoBody })).statusCode).toBe(200);
    for (const url of ['/', '/run_direct', '/predict']) {
      const refused = await app.inject({ method: 'POST', url, payload: echoBody });
      expectRateLimited(refused.statusCode, refused.headers, refused.json(), overRate, '10');
    }
    for (const url of ['/healthz', '/readyz', '/model.yaml']) {
      expect((await app.inject({ method: 'GET', url })).statusCode).toBe(200);
    }
  });

  it('401s do not spend the rate: the paying caller still gets its request', async () => {
    const { app } = injectGateway(`${slowRate}secrets: s3cret\n`);
    for (let index = 0; index < 5; index += 1) {
      const refused = await app.inject({ method: 'POST', url: '/run_direct', headers: { authorization: 'Bearer nope' }, payload: echoBody });
      expect(refused.statusCode).toBe(401);
      expect(refused.json().error.code).toBe('unauthorized');
    }
    const authorized = { authorization: 'Bearer s3cret' };
    expect((await app.inject({ method: 'POST', url: '/run_direct', headers: authorized, payload: echoBody })).statusCode).toBe(200);
    const over = await app.inject({ method: 'POST', url: '/run_direct', headers: authorized, payload: echoBody });
    expectRateLimited(over.statusCode, over.headers, over.json(), overRate, '10');
    // Over the rate, a wrong secret is still a 401: auth is checked first.
    expect((await app.inject({ method: 'POST', url: '/run_direct', payload: echoBody })).statusCode).toBe(401);
  });
});

/** Resolves once the vendor has received `count` requests. */
async function received(upstream: FaultVendor, count: number): Promise<void> {
  await expect.poll(() => upstream.requests.length).toBe(count);
}

function closedFlag(request: RecordedRequest | undefined): () => boolean {
  let closed = false;
  void request?.closedEarly.then(() => {
    closed = true;
  });
  return () => closed;
}

async function limitedGateway(settings: ModelSettings): Promise<{ openai: FaultVendor; gateway: GatewayApp; url: string }> {
  const openai = await vendor('openai');
  const { gateway, url } = await startGateway(gatewayYaml({ gpt: vendorModel(openai, { max_concurrency: 1, ...settings }) }));
  return { openai, gateway, url };
}

describe('max_concurrency', () => {
  it.each([
    {
      name: 'max_queue 0: a second concurrent request gets 429 with Retry-After, the vendor sees one call',
      settings: { max_queue: 0 },
      message: 'Too many concurrent requests for model "gpt"; retry later',
    },
    {
      name: 'waiting past queue_timeout_ms: 429 with Retry-After',
      settings: { max_queue: 5, queue_timeout_ms: 50 },
      message: 'Waited too long for a free slot on model "gpt"; retry later',
    },
  ])('$name', async ({ settings, message }) => {
    const { openai, url } = await limitedGateway(settings);
    openai.script(faults.stall());
    const client = new AbortController();
    const first = post(url, direct('gpt'), { signal: client.signal }).catch((error: unknown) => error);
    await received(openai, 1);
    const second = await post(url, direct('gpt'));
    expectRateLimited(second.status, Object.fromEntries(second.headers), await second.json(), message);
    expect(openai.requests).toHaveLength(1);
    client.abort();
    await first;
  });

  it('a queued request runs when the slot frees', async () => {
    const { openai, url } = await limitedGateway({ max_queue: 1 });
    openai.script(faults.ok(100));
    const [first, second] = await Promise.all([post(url, direct('gpt')), post(url, direct('gpt'))]);
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(await second.text()).toBe(openai.okJson);
    expect(openai.requests).toHaveLength(2);
  });

  it('other models are not limited by this one', async () => {
    const openai = await vendor('openai');
    openai.script(faults.stall());
    const { url } = await startGateway(
      gatewayYaml({ gpt: vendorModel(openai, { max_concurrency: 1, max_queue: 0 }), echo: { provider: 'echo' } }),
    );
    const client = new AbortController();
    const first = post(url, direct('gpt'), { signal: client.signal }).catch((error: unknown) => error);
    await received(openai, 1);
    expect((await post(url, direct('echo'))).status).toBe(200);
    client.abort();
    await first;
  });
});

describe('the client leaving', () => {
  it('non-streamed: the vendor call is closed and the slot is free for the next request', async () => {
    const { openai, gateway, url } = await limitedGateway({ max_queue: 0 });
    openai.script(faults.stall());
    const client = new AbortController();
    const pending = post(url, direct('gpt'), { signal: client.signal }).catch((error: unknown) => error);
    await received(openai, 1);
    expect(gateway.context.concurrency.get('gpt')?.inFlight).toBe(1);
    client.abort();
    expect(await pending).toMatchObject({ name: 'AbortError' });
    await expect.poll(closedFlag(openai.requests[0])).toBe(true);
    await expect.poll(() => gateway.context.concurrency.get('gpt')?.inFlight).toBe(0);
    const next = await post(url, direct('gpt'));
    expect(next.status).toBe(200);
    expect(await next.text()).toBe(openai.okJson);
    // Nothing was retried for a client that left.
    expect(openai.requests).toHaveLength(2);
  });

  it('streamed, after the first events: the vendor stream is closed and the slot is free', async () => {
    const { openai, gateway, url } = await limitedGateway({ max_queue: 0 });
    openai.script(faults.stallMidStream(2));
    const client = new AbortController();
    const response = await post(url, direct('gpt', { stream: true }), { signal: client.signal });
    expect(response.status).toBe(200);
    const reader = response.body?.getReader();
    const chunk = await reader?.read();
    expect(new TextDecoder().decode(chunk?.value)).toMatch(/^data: \{"id":"chatcmpl-/);
    client.abort();
    await expect.poll(closedFlag(openai.requests[0])).toBe(true);
    await expect.poll(() => gateway.context.concurrency.get('gpt')?.inFlight).toBe(0);
    const next = await post(url, direct('gpt', { stream: true }));
    expect(next.status).toBe(200);
    expect(await next.text()).toBe(openai.okSse);
    expect(openai.requests).toHaveLength(2);
  });

  it('streamed, before the first byte: the vendor call is closed and nothing is retried', async () => {
    const { openai, gateway, url } = await limitedGateway({ max_queue: 0 });
    openai.script(faults.stall());
    const client = new AbortController();
    const pending = post(url, direct('gpt', { stream: true }), { signal: client.signal }).catch((error: unknown) => error);
    await received(openai, 1);
    client.abort();
    await pending;
    await expect.poll(closedFlag(openai.requests[0])).toBe(true);
    await expect.poll(() => gateway.context.concurrency.get('gpt')?.inFlight).toBe(0);
    expect(openai.requests).toHaveLength(1);
    expect((await post(url, direct('gpt'))).status).toBe(200);
  });

  it('predict: the vendor call is closed and the slot is free', async () => {
    const { openai, gateway, url } = await limitedGateway({ max_queue: 0 });
    openai.script(faults.stall());
    const client = new AbortController();
    const body = { data_row: { row_data: 'Tom works at IBM.' }, ontology: { tools: [{ tool: 'named-entity', name: 'person' }] }, inference_params: { model: 'gpt' } };
    const pending = post(url, body, { path: '/predict', signal: client.signal }).catch((error: unknown) => error);
    await received(openai, 1);
    client.abort();
    await pending;
    await expect.poll(closedFlag(openai.requests[0])).toBe(true);
    await expect.poll(() => gateway.context.concurrency.get('gpt')?.inFlight).toBe(0);
    expect(openai.requests).toHaveLength(1);
  });

  it('while queued: it leaves the queue without taking a slot', async () => {
    const { openai, gateway, url } = await limitedGateway({ max_queue: 1, queue_timeout_ms: 10_000 });
    openai.script(faults.stall());
    const holder = new AbortController();
    const holding = post(url, direct('gpt'), { signal: holder.signal }).catch((error: unknown) => error);
    await received(openai, 1);
    const waiter = new AbortController();
    const waiting = post(url, direct('gpt'), { signal: waiter.signal }).catch((error: unknown) => error);
    const limiter = gateway.context.concurrency.get('gpt');
    await expect.poll(() => limiter?.queued).toBe(1);
    waiter.abort();
    await waiting;
    await expect.poll(() => limiter?.queued).toBe(0);
    holder.abort();
    await holding;
    await expect.poll(() => limiter?.inFlight).toBe(0);
    // The waiter never reached the vendor.
    expect(openai.requests).toHaveLength(1);
  });
});
