/**
 * Operating the gateway (SPEC §4, §8): /metrics counters move by the right amounts after
 * streamed and non-streamed requests, one complete log line per request with no secret in it,
 * and an OpenAPI document that validates and lists every route.
 */

import { Writable } from 'node:stream';
import { Validator } from '@seriousme/openapi-schema-validator';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { GatewayApp } from '../src/app.js';
import { baseManifest, buildTestApp, directBody, listen, readConversation } from './support/gateway.js';

const conversation = readConversation('single-model-text');
let gateway: GatewayApp | undefined;

afterEach(async () => {
  await gateway?.app.close();
  gateway = undefined;
});

function metricValue(text: string, name: string, labels: Record<string, string>): number {
  const wanted = Object.entries(labels).map(([key, value]) => `${key}="${value}"`);
  const line = text
    .split('\n')
    .find((candidate) => candidate.startsWith(`${name}{`) && wanted.every((label) => candidate.includes(label)));
  return line === undefined ? 0 : Number(line.slice(line.lastIndexOf(' ') + 1));
}

async function scrape(app: GatewayApp['app']): Promise<string> {
  return (await app.inject({ method: 'GET', url: '/metrics' })).body;
}

describe('/metrics', () => {
  it('counts requests, durations and tokens for streamed and non-streamed runs', async () => {
    gateway = buildTestApp();
    const url = await listen(gateway.app);
    const before = await scrape(gateway.app);
    const labels = { route: '/run_direct', model: 'echo', status: '200' };
    expect(metricValue(before, 'foundry_gateway_requests_total', labels)).toBe(0);

    const whole = await fetch(`${url}/run_direct`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(directBody(conversation)) });
    const usage = ((await whole.json()) as { usage: { prompt_tokens: number; completion_tokens: number } }).usage;
    const streamed = await fetch(`${url}/run_direct`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(directBody(conversation, { stream: true })),
    });
    await streamed.text();
    await fetch(`${url}/run_direct`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });

    await expect.poll(async () => metricValue(await scrape(gateway!.app), 'foundry_gateway_requests_total', labels)).toBe(2);
    const after = await scrape(gateway.app);
    expect(metricValue(after, 'foundry_gateway_requests_total', { route: '/run_direct', model: 'none', status: '400' })).toBe(1);
    expect(metricValue(after, 'foundry_gateway_request_duration_seconds_count', labels)).toBe(2);
    expect(metricValue(after, 'foundry_gateway_tokens_total', { model: 'echo', direction: 'input' })).toBe(2 * usage.prompt_tokens);
    expect(metricValue(after, 'foundry_gateway_tokens_total', { model: 'echo', direction: 'output' })).toBe(2 * usage.completion_tokens);
    expect(metricValue(after, 'foundry_gateway_time_to_first_token_seconds_count', { provider: 'echo', model: 'echo' })).toBe(2);
    expect(metricValue(after, 'foundry_gateway_upstream_duration_seconds_count', { provider: 'echo', model: 'echo' })).toBe(2);
    expect(after).toMatch(/^foundry_gateway_in_flight_requests \d+$/m);
    expect(after).toContain('process_resident_memory_bytes');
  });
});

describe('request logs', () => {
  it('writes one complete line per request and never the secret', async () => {
    const lines: Record<string, unknown>[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString('utf8').split('\n')) if (line !== '') lines.push(JSON.parse(line) as Record<string, unknown>);
        done();
      },
    });
    const logger = pino({ level: 'debug' }, sink);
    gateway = buildTestApp(`${baseManifest}secrets: hunter2-secret\n`, { logger });
    const headers = { authorization: 'Bearer hunter2-secret', 'x-request-id': 'log-1' };
    await gateway.app.inject({ method: 'POST', url: '/run_direct', headers, payload: directBody(conversation) });
    await gateway.app.inject({ method: 'POST', url: '/run_direct', headers: { authorization: 'Bearer wrong' }, payload: directBody(conversation) });

    const completed = lines.filter((line) => line.msg === 'request completed');
    expect(completed).toHaveLength(2);
    expect(completed[0]).toMatchObject({
      request_id: 'log-1',
      route: '/run_direct',
      status: 200,
      model: 'echo',
      provider: 'echo',
      attachments: 0,
      tokens_in: expect.any(Number),
      tokens_out: expect.any(Number),
      latency_ms: expect.any(Number),
      ttft_ms: expect.any(Number),
    });
    expect(completed[1]).toMatchObject({ status: 401, error_code: 'unauthorized' });
    expect(JSON.stringify(lines)).not.toContain('hunter2');
  });
});

describe('OpenAPI', () => {
  it('serves a valid OpenAPI 3.1 document listing every route, and a docs page from local assets', async () => {
    gateway = buildTestApp();
    const response = await gateway.app.inject({ method: 'GET', url: '/openapi.json' });
    const document = response.json();
    const validator = new Validator();
    const result = await validator.validate(document);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(Object.keys(document.paths).sort()).toEqual(
      ['/', '/docs', '/healthz', '/metrics', '/model.yaml', '/openapi.json', '/predict', '/readyz', '/run_direct'].sort(),
    );
    expect(document.components.schemas.Envelope.required).toEqual(['data_row']);
    const page = await gateway.app.inject({ method: 'GET', url: '/docs' });
    expect(page.body).toContain('/docs/swagger-ui-bundle.js');
    expect(page.body).not.toMatch(/https?:\/\//);
    const script = await gateway.app.inject({ method: 'GET', url: '/docs/swagger-ui-bundle.js' });
    expect(script.statusCode).toBe(200);
    expect(script.body.length).toBeGreaterThan(100_000);
  });
});
