/** Builds a gateway app from inline model.yaml text for integration tests. */

import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { buildApp, type BuildAppOptions, type GatewayApp } from '../../src/app.js';
import { parseConfig } from '../../src/config/load-config.js';

export const baseManifest = `
name: test gateway
max_tokens: 512
default_model: echo
models:
  echo: { provider: echo }
`;

export function buildTestApp(yaml: string = baseManifest, options: BuildAppOptions = {}): GatewayApp {
  return buildApp(parseConfig(yaml, 'test.yaml', {}), options);
}

/** Starts the app on 127.0.0.1 and a free port; returns its base URL. */
export async function listen(app: FastifyInstance): Promise<string> {
  return app.listen({ port: 0, host: '127.0.0.1' });
}

export function readConversation(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(`fixtures/conversations/${name}.json`, 'utf8')) as Record<string, unknown>;
}

export function directBody(
  conversation: unknown,
  inferenceParams: Record<string, unknown> = {},
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return { data_row: { row_data: conversation, global_key: 'row-1', ...extra }, inference_params: inferenceParams };
}
