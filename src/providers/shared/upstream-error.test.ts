import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../errors.js';
import { isAbortError, readRetryAfterMs, toUpstreamError } from './upstream-error.js';

class FakeApiError extends Error {
  constructor(
    readonly status: number | undefined,
    readonly error: unknown,
    readonly headers: Headers | undefined,
  ) {
    super('vendor said no');
  }
}

describe('toUpstreamError', () => {
  it('keeps the vendor status, body and Retry-After, and no request headers', () => {
    const error = toUpstreamError(
      new FakeApiError(429, { error: { type: 'rate_limit_error' } }, new Headers({ 'retry-after': '3', authorization: 'Bearer sk-x' })),
      'anthropic',
    );
    expect(error.code).toBe('upstream_error');
    expect(error.status).toBe(502);
    expect(error.details).toEqual([{ provider: 'anthropic', status: 429, body: { error: { type: 'rate_limit_error' } }, retryAfterMs: 3000 }]);
    expect(JSON.stringify(error.details)).not.toContain('sk-x');
  });

  it('reads a JSON body out of a Gemini-style message', () => {
    const geminiError = Object.assign(new Error('{"error":{"code":400,"status":"INVALID_ARGUMENT"}}'), { status: 400 });
    expect(toUpstreamError(geminiError, 'gemini').details).toEqual([
      { provider: 'gemini', status: 400, body: { error: { code: 400, status: 'INVALID_ARGUMENT' } } },
    ]);
  });

  it('maps timeouts to 504 and connection failures to 502 with a null status', () => {
    const timeout = Object.assign(new Error('timed out'), { name: 'APIConnectionTimeoutError' });
    expect(toUpstreamError(timeout, 'openai').code).toBe('upstream_timeout');
    const connection = toUpstreamError(new TypeError('fetch failed'), 'openai');
    expect(connection.code).toBe('upstream_error');
    expect(connection.details).toEqual([{ provider: 'openai', status: null, body: 'fetch failed' }]);
  });

  it('passes gateway errors through and recognises aborts', () => {
    const original = new GatewayError('unsupported_modality', 'no video');
    expect(toUpstreamError(original, 'openai')).toBe(original);
    expect(isAbortError(Object.assign(new Error('x'), { name: 'AbortError' }))).toBe(true);
    expect(isAbortError(new Error('x'))).toBe(false);
  });
});

describe('readRetryAfterMs', () => {
  it.each([
    [{ 'retry-after-ms': '1500' }, 1500],
    [{ 'retry-after': '2' }, 2000],
    [{ 'retry-after': new Date(10_000).toUTCString() }, 10_000 - 1000],
    [{ 'retry-after': 'soon' }, undefined],
    [{}, undefined],
  ])('reads %j', (headers, expected) => {
    expect(readRetryAfterMs({ headers: new Headers(headers) }, 1000)).toBe(expected);
  });
});

describe('SDK error classes', () => {
  it('recognises the OpenAI SDK abort and timeout errors by their class, whose name is just "Error"', async () => {
    const { APIConnectionTimeoutError, APIUserAbortError } = await import('openai');
    expect(isAbortError(new APIUserAbortError())).toBe(true);
    expect(toUpstreamError(new APIConnectionTimeoutError(), 'openai').code).toBe('upstream_timeout');
  });
});
