/**
 * Shared set-up for the reliability tests: model.yaml built from objects (pointing models at
 * fault vendors), gateways that are closed after each test, and a POST helper over a real port.
 */

import { afterEach } from 'vitest';
import { stringify } from 'yaml';
import type { BuildAppOptions, GatewayApp } from '../../src/app.js';
import { startFaultVendor, type FaultVendor, type VendorDialect } from '../support/fault-vendor.js';
import { buildTestApp, directBody, listen, readConversation } from '../support/gateway.js';

export const conversation = readConversation('single-model-text');
export const openAIKey = 'sk-test-reliability-openai-key';
export const anthropicKey = 'sk-ant-test-reliability-key';

export type ModelSettings = Readonly<Record<string, unknown>>;

/** A model on `vendor`, with a 1 ms retry base so retries cost no time. */
export function vendorModel(vendor: FaultVendor, settings: ModelSettings = {}): Record<string, unknown> {
  const own =
    vendor.dialect === 'openai'
      ? { provider: 'openai', model: 'gpt-4o', api_key: openAIKey }
      : { provider: 'anthropic', model: 'claude-test-1', api_key: anthropicKey };
  return { ...own, base_url: vendor.baseUrl, retry_base_delay_ms: 1, ...settings };
}

/** model.yaml text: the first model is the default; `top` adds manifest keys. */
export function gatewayYaml(models: Readonly<Record<string, Record<string, unknown>>>, top: ModelSettings = {}): string {
  const aliases = Object.keys(models);
  return stringify({ name: 'reliability test', max_tokens: 64, default_model: aliases[0] ?? 'echo', ...top, models });
}

const vendors: FaultVendor[] = [];
const gateways: GatewayApp[] = [];

/**
 * Closes every vendor and gateway the test started (registered once per file that imports this).
 * A client that aborted a fetch leaves undici's spare keep-alive connection open for its 4 s
 * idle timeout; closing every connection keeps teardown quick.
 */
afterEach(async () => {
  await Promise.all(
    gateways.splice(0).map(async (gateway) => {
      const closing = gateway.app.close();
      gateway.app.server.closeAllConnections();
      await closing;
    }),
  );
  await Promise.all(vendors.splice(0).map((vendor) => vendor.close()));
});

export async function vendor(dialect: VendorDialect): Promise<FaultVendor> {
  const started = await startFaultVendor(dialect);
  vendors.push(started);
  return started;
}

/** Builds the gateway from `yaml` and listens on a loopback port; closed after the test. */
export async function startGateway(yaml: string, options: BuildAppOptions = {}): Promise<{ gateway: GatewayApp; url: string }> {
  const gateway = buildTestApp(yaml, { redisUrl: undefined, ...options });
  gateways.push(gateway);
  return { gateway, url: await listen(gateway.app) };
}

/** Builds the gateway without listening (for `inject`); closed after the test. */
export function injectGateway(yaml: string, options: BuildAppOptions = {}): GatewayApp {
  const gateway = buildTestApp(yaml, { redisUrl: undefined, ...options });
  gateways.push(gateway);
  return gateway;
}

export interface PostOptions {
  readonly path?: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly signal?: AbortSignal;
}

export function post(url: string, body: unknown, options: PostOptions = {}): Promise<Response> {
  return fetch(`${url}${options.path ?? '/run_direct'}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...options.headers },
    body: JSON.stringify(body),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  });
}

/** A run_direct body for `model`, with `conversation`. */
export function direct(model: string, params: ModelSettings = {}): Record<string, unknown> {
  return directBody(conversation, { model, ...params });
}

/** The `data:` of the last `event: error` in an SSE body, parsed; undefined when there is none. */
export function errorEvent(body: string): unknown {
  const match = /event: error\ndata: (.*)\n\n$/.exec(body);
  return match?.[1] === undefined ? undefined : (JSON.parse(match[1]) as unknown);
}

/** The gateway's error envelope (SPEC §5). */
export interface ErrorJson {
  readonly code: string;
  readonly message: string;
  readonly request_id: string;
  readonly details: readonly unknown[];
}

/** The `error` of a JSON error response. */
export async function errorOf(response: Response): Promise<ErrorJson> {
  return ((await response.json()) as { error: ErrorJson }).error;
}
