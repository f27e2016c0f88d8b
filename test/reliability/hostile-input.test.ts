/**
 * Hostile input (issue 6 §5), fuzzed with fast-check against the offline echo model through
 * `app.inject`: whatever arrives, the answer is a success or a 4xx in the JSON error envelope,
 * never a 5xx, a stack trace or a crash. `dry_run` against a vendor model proves no fuzz run
 * reaches the network (its vendor counts requests and must see none).
 */

import { connect } from 'node:net';
import fc from 'fast-check';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import type { GatewayApp } from '../../src/app.js';
import { faults, startFaultVendor, type FaultVendor } from '../support/fault-vendor.js';
import { buildTestApp, directBody, listen } from '../support/gateway.js';
import { chainConversation, crlfString, envelope, inferenceParams, ontology, randomConversation } from './hostile-arbitraries.js';
import { conversation, gatewayYaml, vendorModel } from './helpers.js';

const numRuns = 150;
const routes = ['/', '/run_direct', '/predict'] as const;
const safeRequestId = /^[A-Za-z0-9._:@/+=-]{1,128}$/;

let gateway: GatewayApp;
let app: FastifyInstance;
let upstream: FaultVendor;
/** The same app on a loopback port, for the raw-socket tests. */
let gatewayUrl: string;

// One gateway for the whole file (building one costs far more than a fuzz run). Its `gpt` model
// points at a vendor that never answers: any call that reached it would show in its requests.
beforeAll(async () => {
  upstream = await startFaultVendor('openai');
  upstream.otherwise(faults.stall());
  gateway = buildTestApp(
    gatewayYaml({ echo: { provider: 'echo' }, gpt: vendorModel(upstream, { max_retries: 0, timeout_ms: 2_000 }) }),
    { redisUrl: undefined },
  );
  app = gateway.app;
  gatewayUrl = await listen(app);
  return async () => {
    await app.close();
    await upstream.close();
  };
});

/** 2xx, or a 4xx carrying exactly the SPEC §5 envelope; never a 5xx or a stack trace. */
function expectWellFormed(response: LightMyRequestResponse): void {
  expect(response.statusCode, response.body.slice(0, 500)).toBeGreaterThanOrEqual(200);
  expect(response.statusCode, response.body.slice(0, 500)).toBeLessThan(500);
  expect(response.body).not.toMatch(/\n\s+at .+:\d+:\d+/);
  expect(response.headers['x-request-id']).toMatch(safeRequestId);
  if (response.statusCode < 400) return;
  expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
  expect(response.json()).toEqual({
    error: { code: expect.any(String), message: expect.any(String), request_id: response.headers['x-request-id'], details: expect.any(Array) },
  });
}

function send(url: string, payload: string, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
  return app.inject({ method: 'POST', url, headers: { 'content-type': 'application/json', ...headers }, payload });
}

const route = fc.constantFrom(...routes);
const property = <T>(arbitrary: fc.Arbitrary<T>, body: (value: T, url: string) => unknown) =>
  fc.assert(
    fc.asyncProperty(arbitrary, route, async (value, url) => {
      expectWellFormed(await send(url, JSON.stringify(body(value, url)) ?? 'null'));
    }),
    { numRuns },
  );

describe('fuzzed bodies (echo model)', () => {
  it('any JSON value as the whole body', async () => {
    await property(fc.jsonValue(), (value) => value);
  });

  it('envelopes: data rows, conversations, ontologies and params, each maybe as a JSON string', async () => {
    await property(envelope(['echo']), (value) => value);
  });

  it('random conversations with __proto__ / constructor / toString ids', async () => {
    await property(randomConversation, (value) => directBody(value, { model: 'echo' }));
  });

  it('nearly valid trees under tricky ids, with cycles, bad items and invalid base64', async () => {
    await property(chainConversation, (value) => directBody(value, { model: 'echo' }));
  });

  it('ontologies for predict', async () => {
    await property(ontology, (value) => ({ data_row: { row_data: 'Tom works at IBM.' }, ontology: value, inference_params: { model: 'echo' } }));
  });

  it('inference params', async () => {
    await property(inferenceParams(['echo']), (value) => directBody(conversation, value));
  });

  it('non-JSON bytes and odd content types', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string(), fc.constantFrom('application/json', 'text/plain', 'application/x-www-form-urlencoded', ''), route, async (payload, type, url) => {
        expectWellFormed(await app.inject({ method: 'POST', url, headers: { 'content-type': type }, payload }));
      }),
      { numRuns },
    );
  });
});

describe('dry_run against a vendor model', () => {
  it('never calls the vendor, whatever the conversation', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(chainConversation, randomConversation), async (value) => {
        expectWellFormed(await send('/run_direct', JSON.stringify(directBody(value, { model: 'gpt', dry_run: true }))));
      }),
      { numRuns },
    );
    expect(upstream.requests).toHaveLength(0);
  });
});

describe('deep nesting and huge values', () => {
  const nested = (depth: number, open: string, close: string, leaf = '1'): string => `${open.repeat(depth)}${leaf}${close.repeat(depth)}`;

  function deepBodies(depth: number): string[] {
    const arrays = nested(depth, '[', ']');
    const objects = nested(depth, '{"a":', '}');
    const protoObjects = nested(depth, '{"__proto__":', '}', '{}');
    const request = JSON.stringify(directBody(conversation, { model: 'echo' }));
    return [
      `{"data_row":{"row_data":${arrays}},"inference_params":{"model":"echo"}}`,
      `{"data_row":{"row_data":${objects}},"inference_params":{"model":"echo"}}`,
      `{"data_row":{"row_data":${protoObjects}},"inference_params":{"model":"echo"}}`,
      `{"data_row":{"row_data":"text"},"ontology":{"classifications":${arrays}},"inference_params":{"model":"echo"}}`,
      `{"data_row":{"row_data":"text"},"ontology":${objects},"inference_params":{"model":"echo"}}`,
      request.replace('"content":"Now in French."', `"content":${arrays}`),
      request.replace('"content":"Now in French."', `"content":${objects}`),
      request.replace('"metadata":{"name":"User"}', `"metadata":${objects}`),
    ];
  }

  it.each([5_000, 50_000])('%i levels of arrays or objects in row_data, the ontology, a content item or actor metadata', async (depth) => {
    for (const url of routes) {
      for (const body of deepBodies(depth)) expectWellFormed(await send(url, body));
    }
  });

  it.each([5_000, 50_000])('%i levels of objects in inference_params', async (depth) => {
    const body = `{"data_row":{"row_data":"text"},"inference_params":${nested(depth, '{"a":', '}')}}`;
    for (const url of routes) expectWellFormed(await send(url, body));
  });

  it('a 5 MiB text message, a 100 000-character model name, a 10 000-item stop list', async () => {
    const huge = 'x'.repeat(5 * 1024 * 1024);
    const answered = await send('/run_direct', JSON.stringify(directBody({ ...conversation, messages: { p1: { actorId: 'u', content: [{ type: 'text', content: huge }], childMessageIds: [] } }, rootMessageIds: ['p1'] }, { model: 'echo' })));
    expectWellFormed(answered);
    expect(answered.statusCode).toBe(200);
    const unknown = await send('/run_direct', JSON.stringify(directBody(conversation, { model: 'm'.repeat(100_000) })));
    expectWellFormed(unknown);
    expect(unknown.json().error.code).toBe('unknown_model');
    expectWellFormed(await send('/run_direct', JSON.stringify(directBody(conversation, { model: 'echo', stop: Array.from({ length: 10_000 }, String) }))));
  });
});

describe('CR/LF where a header or an SSE line could be split', () => {
  it('x-request-id: echoed only when safe, never with a line break', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(crlfString, fc.string({ maxLength: 200 })), async (requestId) => {
        const response = await send('/run_direct', JSON.stringify(directBody(conversation, { model: 'echo' })), { 'x-request-id': requestId });
        expectWellFormed(response);
        if (safeRequestId.test(requestId)) expect(response.headers['x-request-id']).toBe(requestId);
        else expect(response.headers['x-request-id']).not.toBe(requestId);
      }),
      { numRuns },
    );
  });

  it('model with CR/LF, streamed or not: 404 unknown_model, no header injected', async () => {
    await fc.assert(
      fc.asyncProperty(crlfString.filter((model) => /[\r\n]/.test(model)), fc.boolean(), async (model, stream) => {
        const response = await send('/run_direct', JSON.stringify(directBody(conversation, { model, stream })), { accept: 'text/event-stream' });
        expectWellFormed(response);
        expect(response.statusCode).toBe(404);
        expect(response.json().error.code).toBe('unknown_model');
        expect(response.headers['x-evil']).toBeUndefined();
        expect(response.headers['x-gateway-model']).toBeUndefined();
      }),
      { numRuns },
    );
  });
});

describe('a bare CR, LF or NUL in a header on the wire (Node refuses to parse it)', () => {
  const rawHeaders = ['x-request-id: a\rb', 'x-request-id: a\nb: c', 'x-request-id: \u0000'];

  /** Sends one request over a raw socket (fetch would refuse these headers) and returns the reply. */
  async function rawRequest(header: string): Promise<{ status: number; headers: string; body: string }> {
    const url = new URL(gatewayUrl);
    const reply = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(url.port), '127.0.0.1');
      let data = '';
      socket.on('data', (chunk: Buffer) => {
        data += chunk.toString('utf8');
      });
      socket.on('error', reject);
      socket.on('close', () => resolve(data));
      socket.write(`POST /run_direct HTTP/1.1\r\nhost: gateway\r\n${header}\r\ncontent-type: application/json\r\ncontent-length: 2\r\nconnection: close\r\n\r\n{}`);
    });
    const [head = '', body = ''] = reply.split('\r\n\r\n');
    return { status: Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1]), headers: head, body };
  }

  it.each(rawHeaders)('%j: a 400 JSON answer, and the gateway keeps serving', async (header) => {
    const reply = await rawRequest(header);
    expect(reply.status).toBe(400);
    expect(reply.headers).toMatch(/content-type: application\/json/i);
    expect(() => JSON.parse(reply.body) as unknown).not.toThrow();
    expect((await send('/run_direct', JSON.stringify(directBody(conversation, { model: 'echo' })))).statusCode).toBe(200);
  });

  it.each(rawHeaders)('%j: the 400 carries the gateway error envelope', async (header) => {
    const reply = await rawRequest(header);
    expect(JSON.parse(reply.body)).toEqual({
      error: { code: 'invalid_request', message: expect.any(String), request_id: expect.any(String), details: expect.any(Array) },
    });
  });
});

it('the gateway still answers after every fuzz run above', async () => {
  expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
  expect((await send('/run_direct', JSON.stringify(directBody(conversation, { model: 'echo' })))).statusCode).toBe(200);
});
