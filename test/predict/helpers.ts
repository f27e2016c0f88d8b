/**
 * Shared set-up for the predict end-to-end tests: a gateway listening on a loopback port, a
 * loopback server playing each vendor (see `vendor-wire.ts`), a loopback media host serving
 * `fixtures/media/`, and request builders.
 */

import { readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { GatewayApp } from '../../src/app.js';
import { buildTestApp, listen } from '../support/gateway.js';
import { startLoopbackServer, type LoopbackServer } from '../support/loopback-server.js';
import { vendorIds, vendorSetups, type VendorId } from './vendor-wire.js';

export * from './vendor-wire.js';

function baseUrlFor(vendor: VendorId, serverUrl: string): string {
  return vendor === 'anthropic' || vendor === 'gemini' ? serverUrl : `${serverUrl}/v1`;
}

export interface ManifestOptions {
  /** Extra top-level YAML (manifest keys), appended as is. */
  readonly extra?: string;
  readonly defaultModel?: string;
  /** Extra model entries, one YAML line each (`alias: { provider: ..., ... }`). */
  readonly models?: readonly string[];
}

/** A model.yaml with every vendor pointed at `vendorUrl`, plus the offline echo model. */
export function predictManifest(vendorUrl: string, options: ManifestOptions = {}): string {
  const models = vendorIds
    .map((vendor) => {
      const { alias, model } = vendorSetups[vendor];
      return `  ${alias}: { provider: ${vendor}, model: ${model}, base_url: "${baseUrlFor(vendor, vendorUrl)}", api_key: test-key }`;
    })
    .join('\n');
  return [
    'name: predict test gateway',
    'max_tokens: 512',
    `default_model: ${options.defaultModel ?? 'echo'}`,
    'models:',
    models,
    '  echo: { provider: echo }',
    ...(options.models ?? []).map((line) => `  ${line}`),
    'attachments: { allow_private_networks: true }',
    options.extra ?? '',
  ].join('\n');
}


/** A media host on 127.0.0.1 serving `fixtures/media/<name>` with the given content type. */
export async function startMediaServer(): Promise<LoopbackServer> {
  const types: Readonly<Record<string, string>> = {
    png: 'image/png',
    pdf: 'application/pdf',
    html: 'text/html; charset=utf-8',
    txt: 'text/plain; charset=utf-8',
    mp4: 'video/mp4',
    wav: 'audio/wav',
  };
  return startLoopbackServer((request, response) => {
    const name = request.url.replace(/^\//, '');
    const extension = name.split('.').pop() ?? '';
    const type = types[extension];
    if (!/^[\w.-]+$/.test(name) || type === undefined) {
      response.writeHead(404);
      response.end();
      return;
    }
    response.writeHead(200, { 'content-type': type });
    response.end(readFileSync(new URL(`../../fixtures/media/${name}`, import.meta.url)));
  });
}

export function readMediaBase64(name: string): string {
  return readFileSync(new URL(`../../fixtures/media/${name}`, import.meta.url)).toString('base64');
}

export function readOntology(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL(`../../fixtures/ontologies/${name}`, import.meta.url), 'utf8')) as Record<string, unknown>;
}

export function predictBody(rowData: unknown, ontology: unknown, inferenceParams: Record<string, unknown>, dataRow: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    data_row: { row_data: rowData, global_key: 'row-1', ...dataRow },
    ...(ontology === undefined ? {} : { ontology }),
    inference_params: inferenceParams,
  };
}

export interface PostResult {
  readonly status: number;
  readonly headers: Headers;
  readonly body: unknown;
}

export async function post(baseUrl: string, path: string, body: unknown): Promise<PostResult> {
  const response = await fetch(`${baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, headers: response.headers, body: await response.json() };
}

/** A vendor server, a media server and a gateway listening, torn down by `close`. */
export interface PredictHarness {
  readonly vendor: LoopbackServer;
  readonly media: LoopbackServer;
  gateway: GatewayApp | undefined;
  /** Builds and starts a gateway from `predictManifest`; returns its base URL. */
  start(options?: ManifestOptions): Promise<string>;
  /** Closes the gateway and forgets recorded requests; keeps the servers. */
  reset(): Promise<void>;
  close(): Promise<void>;
}

export async function createHarness(): Promise<PredictHarness> {
  const vendor = await startLoopbackServer();
  const media = await startMediaServer();
  const harness: PredictHarness = {
    vendor,
    media,
    gateway: undefined,
    async start(options = {}) {
      harness.gateway = buildTestApp(predictManifest(vendor.url, options));
      return listen(harness.gateway.app);
    },
    async reset() {
      await harness.gateway?.app.close();
      harness.gateway = undefined;
      vendor.requests.length = 0;
      media.requests.length = 0;
    },
    async close() {
      await harness.reset();
      await vendor.close();
      await media.close();
    },
  };
  return harness;
}

/**
 * One harness per test file: started before the first test, reset after each, closed after the
 * last. Read `suite.harness` inside tests (it is set once `beforeAll` has run).
 */
export function useHarness(): { readonly harness: PredictHarness } {
  const suite: { harness?: PredictHarness } = {};
  const current = (): PredictHarness => {
    if (suite.harness === undefined) throw new Error('the harness is not started yet');
    return suite.harness;
  };
  beforeAll(async () => {
    suite.harness = await createHarness();
  });
  afterEach(async () => {
    await current().reset();
  });
  afterAll(async () => {
    await current().close();
  });
  return {
    get harness() {
      return current();
    },
  };
}
