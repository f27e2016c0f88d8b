/**
 * Upstream faults on non-streamed run_direct (issue 6 §2), through the real route and the
 * vendors' real SDKs against fault-injecting loopback vendors: which failures are retried, how
 * `Retry-After` is honoured, fallbacks in order, and the 502 that carries the vendor's answer.
 */

import { describe, expect, it } from 'vitest';
import { faults, type FaultVendor } from '../support/fault-vendor.js';
import { direct, errorOf, gatewayYaml, post, startGateway, vendor, vendorModel, type ModelSettings } from './helpers.js';

/** One model `gpt` (or `claude`) on `upstream`, listening. */
async function gatewayFor(upstream: FaultVendor, settings: ModelSettings = {}): Promise<string> {
  const alias = upstream.dialect === 'openai' ? 'gpt' : 'claude';
  const { url } = await startGateway(gatewayYaml({ [alias]: vendorModel(upstream, settings) }));
  return url;
}

/** The vendor's requests' bodies, parsed. */
function bodies(upstream: FaultVendor): unknown[] {
  return upstream.requests.map((request) => JSON.parse(request.body) as unknown);
}

describe('retries, then success', () => {
  it.each([
    ['429 with Retry-After: 0', faults.status(429, { 'retry-after': '0' })],
    ['500', faults.status(500)],
    ['503', faults.status(503)],
    ['a connection reset before the headers', faults.reset()],
  ])('OpenAI: retries %s twice and answers with the third attempt', async (_name, fault) => {
    const openai = await vendor('openai');
    openai.script(fault, fault);
    const url = await gatewayFor(openai);
    const response = await post(url, direct('gpt'));
    expect(response.status).toBe(200);
    expect(await response.text()).toBe(openai.okJson);
    expect(response.headers.get('x-gateway-attempts')).toBe('3');
    expect(response.headers.get('x-gateway-model')).toBe('gpt');
    expect(openai.requests).toHaveLength(3);
    // The same request each time, to the same path.
    expect(openai.requests.map((request) => request.url)).toEqual([openai.path, openai.path, openai.path]);
    const [first, ...rest] = bodies(openai);
    for (const body of rest) expect(body).toEqual(first);
  });

  it('Anthropic: retries 529 overloaded and 500, then answers', async () => {
    const anthropic = await vendor('anthropic');
    anthropic.script(faults.status(529), faults.status(500));
    const url = await gatewayFor(anthropic);
    const response = await post(url, direct('claude'));
    expect(response.status).toBe(200);
    expect(await response.text()).toBe(anthropic.okJson);
    expect(response.headers.get('x-gateway-attempts')).toBe('3');
    expect(anthropic.requests).toHaveLength(3);
  });

  it('honours a short Retry-After in seconds and retry-after-ms', async () => {
    const openai = await vendor('openai');
    openai.script(faults.status(429, { 'retry-after': '0' }), faults.status(503, { 'retry-after-ms': '5' }));
    const url = await gatewayFor(openai);
    const response = await post(url, direct('gpt'));
    expect(response.status).toBe(200);
    expect(response.headers.get('x-gateway-attempts')).toBe('3');
  });

  it('max_retries: 0 makes one attempt only', async () => {
    const openai = await vendor('openai');
    openai.script(faults.status(503));
    const url = await gatewayFor(openai, { max_retries: 0 });
    const response = await post(url, direct('gpt'));
    expect(response.status).toBe(502);
    expect(openai.requests).toHaveLength(1);
  });
});

describe('no retry', () => {
  it('on a 400: one attempt, 502 upstream_error with the vendor status and error', async () => {
    const openai = await vendor('openai');
    openai.otherwise(faults.status(400));
    const url = await gatewayFor(openai);
    const response = await post(url, direct('gpt', {}), { headers: { 'x-request-id': 'req-400' } });
    expect(response.status).toBe(502);
    expect(await response.json()).toEqual({
      error: {
        code: 'upstream_error',
        message: 'openai answered with HTTP 400',
        request_id: 'req-400',
        // The openai SDK hands over the `error` object of the vendor's `{"error": {...}}` body.
        details: [{ provider: 'openai', status: 400, body: (openai.errorBody(400) as { error: unknown }).error }],
      },
    });
    expect(openai.requests).toHaveLength(1);
  });

  it('when the vendor asks to wait longer than the Retry-After cap (20 s): fails at once', async () => {
    const openai = await vendor('openai');
    openai.otherwise(faults.status(429, { 'retry-after': '60' }));
    const url = await gatewayFor(openai);
    const response = await post(url, direct('gpt'));
    expect(response.status).toBe(502);
    const error = await errorOf(response);
    expect(error.code).toBe('upstream_error');
    expect(error.details).toEqual([
      { provider: 'openai', status: 429, body: (openai.errorBody(429) as { error: unknown }).error, retryAfterMs: 60_000 },
    ]);
    expect(openai.requests).toHaveLength(1);
  });

  it('a malformed 200 JSON body is a vendor fault: retried, then a 502 naming it, never relayed as an answer', async () => {
    const openai = await vendor('openai');
    openai.otherwise(faults.malformedJson());
    const url = await gatewayFor(openai);
    const response = await post(url, direct('gpt'));
    expect(response.status).toBe(502);
    const error = await errorOf(response);
    expect(error).toMatchObject({ code: 'upstream_error', message: 'openai answered with a body that is not JSON' });
    expect(error.details).toEqual([{ provider: 'openai', status: null, body: openai.okJson.slice(0, Math.floor(openai.okJson.length / 2)).slice(0, 200) }]);
    expect(openai.requests).toHaveLength(3);
  });

  it('predict: a malformed vendor body ends in a well-formed 502, never a 500', async () => {
    const openai = await vendor('openai');
    openai.otherwise(faults.malformedJson());
    const url = await gatewayFor(openai);
    const body = { data_row: { row_data: 'Tom works at IBM.' }, ontology: { tools: [{ tool: 'named-entity', name: 'person' }] }, inference_params: { model: 'gpt' } };
    const response = await post(url, body, { path: '/predict' });
    expect(response.status).toBe(502);
    expect(await errorOf(response)).toMatchObject({ code: 'upstream_error', details: expect.any(Array) });
  });
});

describe('after every retry', () => {
  it('OpenAI 500 three times: 502 with the vendor status and body in details', async () => {
    const openai = await vendor('openai');
    openai.otherwise(faults.status(500));
    const url = await gatewayFor(openai);
    const response = await post(url, direct('gpt'), { headers: { 'x-request-id': 'req-500' } });
    expect(response.status).toBe(502);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(response.headers.get('x-gateway-attempts')).toBeNull();
    expect(await response.json()).toEqual({
      error: {
        code: 'upstream_error',
        message: 'openai answered with HTTP 500',
        request_id: 'req-500',
        details: [{ provider: 'openai', status: 500, body: (openai.errorBody(500) as { error: unknown }).error }],
      },
    });
    expect(openai.requests).toHaveLength(3);
  });

  it('Anthropic 529 three times: 502 with the whole overloaded_error body', async () => {
    const anthropic = await vendor('anthropic');
    anthropic.otherwise(faults.status(529));
    const url = await gatewayFor(anthropic);
    const response = await post(url, direct('claude'));
    expect(response.status).toBe(502);
    const error = await errorOf(response);
    expect(error).toMatchObject({ code: 'upstream_error', message: 'anthropic answered with HTTP 529' });
    expect(error.details).toEqual([{ provider: 'anthropic', status: 529, body: anthropic.errorBody(529) }]);
    expect(anthropic.requests).toHaveLength(3);
  });

  it('resets every time: 502 with status null', async () => {
    const openai = await vendor('openai');
    openai.otherwise(faults.reset());
    const url = await gatewayFor(openai);
    const response = await post(url, direct('gpt'));
    expect(response.status).toBe(502);
    const error = await errorOf(response);
    expect(error).toMatchObject({ code: 'upstream_error', message: 'openai could not be reached' });
    expect(error.details).toEqual([{ provider: 'openai', status: null, body: expect.any(String) }]);
    expect(openai.requests).toHaveLength(3);
  });
});

describe('fallbacks', () => {
  async function threeVendors(): Promise<{ primary: FaultVendor; second: FaultVendor; third: FaultVendor; url: string }> {
    const primary = await vendor('openai');
    const second = await vendor('anthropic');
    const third = await vendor('openai');
    const { url } = await startGateway(
      gatewayYaml({
        gpt: vendorModel(primary, { max_retries: 1, fallbacks: ['claude', 'gpt-backup'] }),
        claude: vendorModel(second, { max_retries: 0 }),
        'gpt-backup': vendorModel(third, { model: 'gpt-4o-mini' }),
      }),
    );
    return { primary, second, third, url };
  }

  it('after the primary retries, the first fallback on another vendor answers', async () => {
    const { primary, second, third, url } = await threeVendors();
    primary.otherwise(faults.status(500));
    const response = await post(url, direct('gpt'));
    expect(response.status).toBe(200);
    expect(await response.text()).toBe(second.okJson);
    expect(response.headers.get('x-gateway-model')).toBe('claude');
    expect(response.headers.get('x-gateway-provider')).toBe('anthropic');
    expect(response.headers.get('x-gateway-attempts')).toBe('3');
    expect(primary.requests).toHaveLength(2);
    expect(second.requests).toHaveLength(1);
    expect(second.requests[0]?.url).toBe('/v1/messages');
    expect(third.requests).toHaveLength(0);
  });

  it('goes on in order: primary (retried), then claude, then gpt-backup', async () => {
    const { primary, second, third, url } = await threeVendors();
    primary.otherwise(faults.reset());
    second.otherwise(faults.status(529));
    const response = await post(url, direct('gpt'));
    expect(response.status).toBe(200);
    expect(await response.text()).toBe(third.okJson);
    expect(response.headers.get('x-gateway-model')).toBe('gpt-backup');
    expect(response.headers.get('x-gateway-upstream-model')).toBe('gpt-4o-mini');
    expect(response.headers.get('x-gateway-attempts')).toBe('4');
    expect([primary.requests.length, second.requests.length, third.requests.length]).toEqual([2, 1, 1]);
    expect((JSON.parse(third.requests[0]?.body ?? '{}') as { model?: unknown }).model).toBe('gpt-4o-mini');
  });

  it("all fail: 502 with the chosen model's failure first and every fallback's in details", async () => {
    const { primary, second, third, url } = await threeVendors();
    primary.otherwise(faults.status(503));
    second.otherwise(faults.status(529));
    third.otherwise(faults.status(500));
    const response = await post(url, direct('gpt'));
    expect(response.status).toBe(502);
    const error = await errorOf(response);
    expect(error).toMatchObject({ code: 'upstream_error', message: 'openai answered with HTTP 503; the fallbacks failed too' });
    expect(error.details).toEqual([
      { provider: 'openai', status: 503, body: (primary.errorBody(503) as { error: unknown }).error },
      { provider: 'anthropic', status: 529, body: second.errorBody(529) },
      { provider: 'openai', status: 500, body: (third.errorBody(500) as { error: unknown }).error },
    ]);
    // gpt: 1 + 1 retry; claude: max_retries 0; gpt-backup: the default 2 retries.
    expect([primary.requests.length, second.requests.length, third.requests.length]).toEqual([2, 1, 3]);
  });
});
