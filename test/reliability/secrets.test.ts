/**
 * Secrets (issue 6 §6): the manifest's `secrets`, each model's `api_key` and the client's
 * `Authorization` value never appear in the log stream (captured at level debug), in responses
 * (successes, 4xx and 5xx, streamed or not), in `dry_run` output, `GET /model.yaml` or
 * `/metrics`; responses carry no stack trace; and a vendor receives its own key, never the
 * client's secret.
 */

import { Writable } from 'node:stream';
import { pino } from 'pino';
import { beforeEach, describe, expect, it } from 'vitest';
import type { BuildAppOptions } from '../../src/app.js';
import type { ProviderAdapter } from '../../src/providers/provider.js';
import { faults, type FaultVendor } from '../support/fault-vendor.js';
import { anthropicKey, direct, gatewayYaml, openAIKey, post, startGateway, vendor, vendorModel } from './helpers.js';

const gatewaySecret = 'gw-secret-7d1f9c2e4b';
const authorization = { authorization: `Bearer ${gatewaySecret}` };
const secretValues = [gatewaySecret, openAIKey, anthropicKey];

let logLines: string[] = [];

/**
 * A logger like `createLogger()` in src/server.ts (same redact paths and censor), at level debug,
 * writing into `logLines` instead of stdout.
 */
function capturingLogger(): NonNullable<BuildAppOptions['logger']> {
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logLines.push(chunk.toString('utf8'));
      done();
    },
  });
  return pino(
    {
      level: 'debug',
      redact: {
        paths: ['req.headers.authorization', 'req.headers["x-api-key"]', '*.api_key', '*.secrets', 'secrets', 'api_key'],
        censor: '[redacted]',
      },
    },
    sink,
  );
}

beforeEach(() => {
  logLines = [];
});

interface Vendors {
  readonly openai: FaultVendor;
  readonly anthropic: FaultVendor;
  readonly url: string;
}

async function start(options: BuildAppOptions = {}): Promise<Vendors> {
  const openai = await vendor('openai');
  const anthropic = await vendor('anthropic');
  const { url } = await startGateway(
    gatewayYaml(
      { gpt: vendorModel(openai, { max_retries: 0 }), claude: vendorModel(anthropic, { max_retries: 0 }), echo: { provider: 'echo' } },
      { secrets: gatewaySecret },
    ),
    { logger: capturingLogger(), ...options },
  );
  return { openai, anthropic, url };
}

/** Everything a response exposes: status line pieces, every header, the body. */
async function exposed(response: Response): Promise<string> {
  return `${response.status}\n${JSON.stringify(Object.fromEntries(response.headers))}\n${await response.text()}`;
}

function expectNoSecrets(text: string): void {
  for (const secret of secretValues) expect(text).not.toContain(secret);
}

function expectNoStack(text: string): void {
  expect(text).not.toMatch(/\n\s+at .+:\d+:\d+|\.ts:\d+|node_modules/);
}

/** The captured log, once the per-request line (written when the connection closes) is in. */
async function capturedLog(minimumLines: number): Promise<string> {
  await expect.poll(() => logLines.length).toBeGreaterThanOrEqual(minimumLines);
  return logLines.join('');
}

describe('never in responses or logs', () => {
  it.each([
    ['a success', (_vendors: Vendors) => undefined, 200],
    ['a vendor 500', ({ openai }: Vendors) => openai.script(faults.status(500)), 502],
    ['a vendor 429', ({ openai }: Vendors) => openai.script(faults.status(429, { 'retry-after': '60' })), 502],
    ['a connection reset', ({ openai }: Vendors) => openai.script(faults.reset()), 502],
    ['a malformed body', ({ openai }: Vendors) => openai.script(faults.malformedJson()), 502],
  ])('run_direct with %s, non-streamed and streamed', async (_name, arrange, status) => {
    const vendors = await start();
    for (const stream of [false, true]) {
      arrange(vendors);
      const response = await post(vendors.url, direct('gpt', { stream }), { headers: authorization });
      expect(response.status).toBe(status);
      const text = await exposed(response);
      expectNoSecrets(text);
      expectNoStack(text);
    }
    const log = await capturedLog(2);
    expectNoSecrets(log);
    // The log did record the request, so the search above searched something.
    expect(log).toContain('"route":"/run_direct"');
  });

  it('predict through the vendor failing, and a wrong client secret', async () => {
    const { anthropic, url } = await start();
    anthropic.otherwise(faults.status(529));
    const failed = await post(url, { data_row: { row_data: 'Tom works at IBM.' }, ontology: { tools: [{ tool: 'named-entity', name: 'person' }] }, inference_params: { model: 'claude' } }, { path: '/predict', headers: authorization });
    expect(failed.status).toBe(502);
    const wrongSecret = `${gatewaySecret}-not`;
    const refused = await post(url, direct('echo'), { headers: { authorization: `Bearer ${wrongSecret}` } });
    expect(refused.status).toBe(401);
    const text = `${await exposed(failed)}${await exposed(refused)}`;
    expectNoSecrets(text);
    expect(text).not.toContain(wrongSecret);
    const log = await capturedLog(2);
    expectNoSecrets(log);
    expect(log).not.toContain(wrongSecret);
  });

  it('an internal error: 500 internal_error with no stack, no cause, no secrets', async () => {
    const broken: ProviderAdapter = {
      id: 'echo',
      capabilities: () => ({}),
      prepare: () => ({
        body: {},
        warnings: [],
        send: () => Promise.reject(new TypeError(`Cannot read properties of undefined (reading 'choices')`)),
      }),
    };
    const { url } = await start({ adapters: { echo: broken } });
    const response = await post(url, direct('echo'), { headers: { ...authorization, 'x-request-id': 'req-internal' } });
    expect(response.status).toBe(500);
    const text = await exposed(response);
    expect(JSON.parse(text.slice(text.indexOf('\n{"error"') + 1))).toEqual({
      error: { code: 'internal_error', message: 'internal error', request_id: 'req-internal', details: [] },
    });
    expectNoSecrets(text);
    expectNoStack(text);
    expect(text).not.toContain('choices');
    const log = await capturedLog(2);
    expectNoSecrets(log);
    // The operator still gets the cause in the log.
    expect(log).toContain("reading 'choices'");
  });

  it('a vendor 401 whose body echoes the api_key', async () => {
    const { openai, url } = await start();
    const echoed = { error: { message: `Incorrect API key provided: ${openAIKey}.`, type: 'invalid_request_error', param: null, code: 'invalid_api_key' } };
    openai.script(faults.status(401, {}, echoed));
    const response = await post(url, direct('gpt'), { headers: authorization });
    expect(response.status).toBe(502);
    expectNoSecrets(await exposed(response));
    expectNoSecrets(await capturedLog(2));
  });
});

describe('never in what the gateway shows about itself', () => {
  it('dry_run output for every vendor model', async () => {
    const { openai, anthropic, url } = await start();
    for (const model of ['gpt', 'claude']) {
      const response = await post(url, direct(model, { dry_run: true }), { headers: authorization });
      expect(response.status).toBe(200);
      const text = await exposed(response);
      expect(text).toContain('"request":');
      expectNoSecrets(text);
    }
    expect([openai.requests.length, anthropic.requests.length]).toEqual([0, 0]);
    expectNoSecrets(await capturedLog(2));
  });

  it('GET /model.yaml, /metrics, /readyz', async () => {
    const { url } = await start();
    await post(url, direct('gpt'), { headers: authorization });
    const manifest = await fetch(`${url}/model.yaml`);
    const manifestText = await manifest.text();
    expect(manifest.status).toBe(200);
    expect(manifestText).toContain('secrets: "[redacted]"');
    expect(manifestText.match(/api_key: "\[redacted\]"/g)).toHaveLength(2);
    for (const path of ['/metrics', '/readyz', '/healthz']) expectNoSecrets(await exposed(await fetch(`${url}${path}`)));
    expectNoSecrets(manifestText);
    expectNoSecrets(await capturedLog(2));
  });
});

describe('what the vendor receives', () => {
  it("each vendor gets its own key, never the client's secret", async () => {
    const { openai, anthropic, url } = await start();
    expect((await post(url, direct('gpt'), { headers: authorization })).status).toBe(200);
    expect((await post(url, direct('claude'), { headers: { 'x-api-key': gatewaySecret } })).status).toBe(200);
    expect(openai.requests[0]?.headers.authorization).toBe(`Bearer ${openAIKey}`);
    expect(anthropic.requests[0]?.headers.authorization ?? anthropic.requests[0]?.headers['x-api-key']).toContain(anthropicKey);
    for (const request of [...openai.requests, ...anthropic.requests]) {
      expect(JSON.stringify(request.headers)).not.toContain(gatewaySecret);
      expect(request.body).not.toContain(gatewaySecret);
    }
  });
});
