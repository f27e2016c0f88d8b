/**
 * The HTTP contract of SPEC §4–5 through the real routes, with the offline echo provider:
 * auth, the error envelope, request ids, limits, dispatch and the manifest page.
 */

import { afterEach, describe, expect, it } from 'vitest';
import type { GatewayApp } from '../src/app.js';
import { baseManifest, buildTestApp, directBody, readConversation } from './support/gateway.js';

const conversation = readConversation('single-model-text');
let gateway: GatewayApp | undefined;

afterEach(async () => {
  await gateway?.app.close();
  gateway = undefined;
});

function withSecret(secret: string): GatewayApp {
  gateway = buildTestApp(`${baseManifest}secrets: ${secret}\n`);
  return gateway;
}

describe('auth', () => {
  it.each([
    ['no header', {}],
    ['a wrong bearer token', { authorization: 'Bearer nope' }],
    ['a wrong X-API-Key', { 'x-api-key': 'nope' }],
    ['a prefix of the secret', { authorization: 'Bearer s3cre' }],
  ])('answers 401 with %s', async (_name, headers) => {
    const { app } = withSecret('s3cret');
    const response = await app.inject({ method: 'POST', url: '/run_direct', headers, payload: directBody(conversation) });
    expect(response.statusCode).toBe(401);
    expect(response.json()).toEqual({
      error: { code: 'unauthorized', message: expect.any(String), request_id: response.headers['x-request-id'], details: [] },
    });
  });

  it.each([
    ['Bearer', { authorization: 'Bearer s3cret' }],
    ['the bare secret', { authorization: 's3cret' }],
    ['X-API-Key', { 'x-api-key': 's3cret' }],
  ])('accepts %s', async (_name, headers) => {
    const { app } = withSecret('s3cret');
    const response = await app.inject({ method: 'POST', url: '/run_direct', headers, payload: directBody(conversation) });
    expect(response.statusCode).toBe(200);
  });

  it('leaves GET routes open', async () => {
    const { app } = withSecret('s3cret');
    expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
  });
});

describe('errors', () => {
  it('names each invalid field by its path', async () => {
    gateway = buildTestApp();
    const response = await gateway.app.inject({
      method: 'POST',
      url: '/run_direct',
      payload: directBody(conversation, { temperature: 'hot', max_tokens: -1 }),
    });
    expect(response.statusCode).toBe(400);
    const body = response.json();
    expect(body.error.code).toBe('invalid_request');
    expect(body.error.details.map((detail: { path: string }) => detail.path)).toEqual(
      expect.arrayContaining(['inference_params.temperature', 'inference_params.max_tokens']),
    );
  });

  it('rejects a body without data_row', async () => {
    gateway = buildTestApp();
    const response = await gateway.app.inject({ method: 'POST', url: '/run_direct', payload: { inference_params: {} } });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.details).toContainEqual(expect.objectContaining({ path: 'data_row' }));
  });

  it('answers 404 unknown_model for an alias that is not configured', async () => {
    gateway = buildTestApp();
    const response = await gateway.app.inject({
      method: 'POST',
      url: '/run_direct',
      payload: directBody(conversation, { model: 'gpt-9' }),
    });
    expect(response.statusCode).toBe(404);
    expect(response.json().error).toMatchObject({ code: 'unknown_model', message: expect.stringContaining('gpt-9') });
  });

  it('answers 400 invalid_conversation when there is no human message to answer', async () => {
    gateway = buildTestApp();
    const answered = structuredClone(conversation) as { messages: Record<string, { childMessageIds: string[] }> };
    const last = answered.messages.p2;
    if (last !== undefined) last.childMessageIds = ['r2'];
    (answered.messages as Record<string, unknown>).r2 = { actorId: 'm1', content: [{ type: 'text', content: 'Rouge.' }], childMessageIds: [] };
    const response = await gateway.app.inject({ method: 'POST', url: '/run_direct', payload: directBody(answered) });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('invalid_conversation');
  });

  it('answers 400 for malformed JSON and 413 JSON for a body over the limit', async () => {
    gateway = buildTestApp(`${baseManifest}server: { body_limit_bytes: 1024 }\n`);
    const malformed = await gateway.app.inject({
      method: 'POST',
      url: '/run_direct',
      headers: { 'content-type': 'application/json' },
      payload: '{"data_row": ',
    });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().error.code).toBe('invalid_request');
    const large = await gateway.app.inject({
      method: 'POST',
      url: '/run_direct',
      payload: directBody(conversation, { system_prompt: 'x'.repeat(4096) }),
    });
    expect(large.statusCode).toBe(413);
    expect(large.json().error.code).toBe('payload_too_large');
  });

  it('answers unknown routes with the JSON envelope', async () => {
    gateway = buildTestApp();
    const response = await gateway.app.inject({ method: 'GET', url: '/nope' });
    expect(response.statusCode).toBe(404);
    expect(response.json().error.code).toBe('not_found');
  });
});

describe('request ids', () => {
  it('echoes a sane x-request-id and generates one otherwise', async () => {
    gateway = buildTestApp();
    const echoed = await gateway.app.inject({ method: 'GET', url: '/healthz', headers: { 'x-request-id': 'lb-123' } });
    expect(echoed.headers['x-request-id']).toBe('lb-123');
    const generated = await gateway.app.inject({ method: 'GET', url: '/healthz', headers: { 'x-request-id': 'bad id\twith tab' } });
    expect(generated.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('run_direct with echo', () => {
  it('returns the raw reply with the x-gateway headers', async () => {
    gateway = buildTestApp();
    const response = await gateway.app.inject({ method: 'POST', url: '/run_direct', payload: directBody(conversation) });
    expect(response.statusCode).toBe(200);
    expect(response.headers).toMatchObject({
      'x-gateway-model': 'echo',
      'x-gateway-provider': 'echo',
      'x-gateway-upstream-model': 'echo',
    });
    expect(response.json().choices[0].message.content).toBe('You said: Now in French.');
  });

  it('dry_run returns the native request and sends nothing', async () => {
    gateway = buildTestApp();
    const response = await gateway.app.inject({
      method: 'POST',
      url: '/run_direct',
      payload: directBody(conversation, { dry_run: true, system_prompt: 'Be brief.', temperature: 0.3 }),
    });
    expect(response.json()).toEqual({
      provider: 'echo',
      model: 'echo',
      request: {
        model: 'echo',
        system: 'Be brief.',
        messages: [
          { role: 'user', message_id: 'p1', content: [{ type: 'text', text: 'Name three primary colours.' }] },
          { role: 'assistant', message_id: 'r1', content: [{ type: 'text', text: 'Red, yellow and blue.' }] },
          { role: 'user', message_id: 'p2', content: [{ type: 'text', text: 'Now in French.' }] },
        ],
        params: { temperature: 0.3, maxTokens: 512 },
      },
      warnings: [],
    });
  });

  it('accepts row_data and inference_params as JSON strings', async () => {
    gateway = buildTestApp();
    const response = await gateway.app.inject({
      method: 'POST',
      url: '/run_direct',
      payload: { data_row: { row_data: JSON.stringify(conversation) }, inference_params: JSON.stringify({ dry_run: true }) },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json().provider).toBe('echo');
  });
});

describe('POST / dispatch', () => {
  it('runs direct for a conversation and predict otherwise', async () => {
    gateway = buildTestApp();
    const direct = await gateway.app.inject({ method: 'POST', url: '/', payload: directBody(conversation, { dry_run: true }) });
    expect(direct.json().provider).toBe('echo');
    const explicit = await gateway.app.inject({
      method: 'POST',
      url: '/',
      payload: directBody(JSON.stringify(conversation), { mode: 'direct', dry_run: true }),
    });
    expect(explicit.json().provider).toBe('echo');
    const bad = await gateway.app.inject({ method: 'POST', url: '/', payload: directBody('text', { mode: 'sideways' }) });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0].path).toBe('inference_params.mode');
  });
});

describe('GET routes', () => {
  it('serves the manifest with secrets and keys redacted', async () => {
    gateway = buildTestApp(`${baseManifest}  gpt: { provider: openai, model: gpt-4o, api_key: sk-live-abc }\nsecrets: hunter2\n`);
    const response = await gateway.app.inject({ method: 'GET', url: '/model.yaml' });
    expect(response.headers['content-type']).toMatch(/yaml/);
    expect(response.body).toContain('name: test gateway');
    expect(response.body).not.toContain('hunter2');
    expect(response.body).not.toContain('sk-live-abc');
  });

  it('reports readiness until shutdown starts', async () => {
    gateway = buildTestApp();
    expect((await gateway.app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);
    gateway.readiness.shuttingDown = true;
    expect((await gateway.app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(503);
  });
});
