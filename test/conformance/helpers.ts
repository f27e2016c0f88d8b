/**
 * Shared pieces of the attachments conformance tests: a gateway with one model per provider,
 * each pointed at a loopback "vendor" that must never be called (every request is a dry run),
 * a loopback media host serving the real fixtures, the editor conversation around one media
 * item, and the exact request body each vendor gets around a user message's parts.
 */

import { once } from 'node:events';
import type { ServerResponse } from 'node:http';
import { createServer, type AddressInfo } from 'node:net';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import type { GatewayApp } from '../../src/app.js';
import { readMedia } from '../support/conversations.js';
import { buildTestApp, directBody } from '../support/gateway.js';
import { startLoopbackServer, type LoopbackServer, type RecordedRequest } from '../support/loopback-server.js';

/** Every model alias of the matrix, one column each. */
export const modelAliases = ['openai', 'responses', 'anthropic', 'gemini', 'compatible', 'compatible+accepts'] as const;
export type ModelAlias = (typeof modelAliases)[number];

export const providerOf: Readonly<Record<ModelAlias, string>> = {
  openai: 'openai',
  responses: 'openai-responses',
  anthropic: 'anthropic',
  gemini: 'gemini',
  compatible: 'openai-compatible',
  'compatible+accepts': 'openai-compatible',
};

/** The upstream model id of each alias, as it appears in the native body. */
export const upstreamModelOf: Readonly<Record<ModelAlias, string>> = {
  openai: 'gpt-4o',
  responses: 'gpt-4o',
  anthropic: 'claude-sonnet-4-5',
  gemini: 'gemini-2.5-flash',
  compatible: 'llama-3.1-8b',
  'compatible+accepts': 'qwen2.5-omni',
};

/** The manifest's `max_tokens`; every body carries it in its vendor's name. */
export const maxTokens = 512;

export interface GatewayOptions {
  readonly mode?: 'inline' | 'forward';
}

/** model.yaml with one alias per provider; OpenAI-family base URLs end in /v1, the others do not. */
export function matrixYaml(vendorUrl: string, { mode = 'inline' }: GatewayOptions = {}): string {
  return `
name: conformance gateway
max_tokens: ${maxTokens}
default_model: openai
attachments: { mode: ${mode}, allow_private_networks: true, timeout_ms: 5000 }
models:
  openai: { provider: openai, model: gpt-4o, base_url: "${vendorUrl}/v1", api_key: test-openai-key }
  responses: { provider: openai-responses, model: gpt-4o, base_url: "${vendorUrl}/v1", api_key: test-openai-key }
  anthropic: { provider: anthropic, model: claude-sonnet-4-5, base_url: "${vendorUrl}", api_key: test-anthropic-key }
  gemini: { provider: gemini, model: gemini-2.5-flash, base_url: "${vendorUrl}", api_key: test-gemini-key }
  compatible: { provider: openai-compatible, model: llama-3.1-8b, base_url: "${vendorUrl}/v1", api_key: test-local-key }
  "compatible+accepts":
    provider: openai-compatible
    model: qwen2.5-omni
    base_url: "${vendorUrl}/v1"
    api_key: test-local-key
    accepts: [input_audio, audio_url, video_url, file]
`;
}

/** What a plain static file server would say for each extension (png-named-as.jpg gets image/jpeg). */
const contentTypeByExtension: Readonly<Record<string, string>> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  pdf: 'application/pdf',
  wav: 'audio/wav',
  mp3: 'audio/mpeg',
  ogg: 'audio/ogg',
  mp4: 'video/mp4',
  webm: 'video/webm',
  html: 'text/html; charset=utf-8',
  txt: 'text/plain; charset=utf-8',
};

/** Serves `fixtures/media/<name>` at `/media/<name>`; anything else is a 404. */
function serveMedia(request: RecordedRequest, response: ServerResponse): void {
  const name = /^\/media\/([\w.-]+)$/.exec(request.url)?.[1];
  const contentType = contentTypeByExtension[name?.split('.').pop() ?? ''];
  if (name === undefined || contentType === undefined) {
    response.writeHead(404, { 'content-type': 'text/plain' });
    response.end('not found');
    return;
  }
  const bytes = readMedia(name);
  response.writeHead(200, { 'content-type': contentType, 'content-length': String(bytes.byteLength) });
  response.end(bytes);
}

export function startMediaServer(): Promise<LoopbackServer> {
  return startLoopbackServer(serveMedia);
}

/** A vendor stand-in that fails the test loudly if anything reaches it. */
export function startVendorServer(): Promise<LoopbackServer> {
  return startLoopbackServer((_request, response) => {
    response.writeHead(500, { 'content-type': 'application/json' });
    response.end('{"error":"a dry run must not call the vendor"}');
  });
}

/**
 * A bare TCP listener that counts connections and drops each at once: the proof that a URL
 * the gateway must not fetch was never even connected to (an https URL cannot be served by the
 * plain-HTTP loopback server, but any fetch attempt still opens a connection here).
 */
export interface ConnectionCounter {
  readonly port: number;
  connections(): number;
  close(): Promise<void>;
}

export async function startConnectionCounter(): Promise<ConnectionCounter> {
  let count = 0;
  const server = createServer((socket) => {
    count += 1;
    socket.destroy();
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    port: (server.address() as AddressInfo).port,
    connections: () => count,
    async close() {
      server.close();
      await once(server, 'close');
    },
  };
}

export interface MatrixGateway {
  readonly gateway: GatewayApp;
  readonly media: LoopbackServer;
  readonly vendor: LoopbackServer;
  close(): Promise<void>;
}

export async function startMatrixGateway(options: GatewayOptions = {}): Promise<MatrixGateway> {
  const media = await startMediaServer();
  const vendor = await startVendorServer();
  const gateway = buildTestApp(matrixYaml(vendor.url, options));
  return {
    gateway,
    media,
    vendor,
    async close() {
      await gateway.app.close();
      await media.close();
      await vendor.close();
    },
  };
}

/**
 * Registers the suite's hooks: a matrix gateway started before its tests and closed after them,
 * and after each test the check that nothing reached a vendor (every request is a dry run).
 * The returned object reads the running gateway's parts.
 */
export function useMatrixGateway(options: GatewayOptions = {}): Omit<MatrixGateway, 'close'> {
  let started: MatrixGateway | undefined;
  const current = (): MatrixGateway => {
    if (started === undefined) throw new Error('the matrix gateway is not started yet');
    return started;
  };
  beforeAll(async () => {
    started = await startMatrixGateway(options);
  });
  afterAll(async () => {
    await current().close();
  });
  afterEach(() => {
    expect(current().vendor.requests).toEqual([]);
  });
  return {
    get gateway() {
      return current().gateway;
    },
    get media() {
      return current().media;
    },
    get vendor() {
      return current().vendor;
    },
  };
}

export const promptText = 'What is in this attachment?';

/** The editor conversation: one human message `p1` holding a text item and then `items`. */
export function conversationWith(...items: readonly Record<string, unknown>[]): Record<string, unknown> {
  return {
    type: 'application/vnd.labelbox.conversational.model-chat-evaluation',
    version: 2,
    actors: { u: { role: 'human', metadata: { name: 'User' } } },
    messages: {
      p1: { actorId: 'u', content: [{ type: 'text', content: promptText }, ...items], childMessageIds: [] },
    },
    rootMessageIds: ['p1'],
  };
}

/** POST /run_direct with `dry_run: true` for `model`. */
export function dryRun(
  gateway: GatewayApp,
  model: ModelAlias,
  conversation: Record<string, unknown>,
  options: { readonly params?: Record<string, unknown>; readonly attachments?: readonly Record<string, unknown>[] } = {},
): Promise<LightMyRequestResponse> {
  const extra = options.attachments === undefined ? {} : { attachments: options.attachments };
  return gateway.app.inject({
    method: 'POST',
    url: '/run_direct',
    payload: directBody(conversation, { model, dry_run: true, ...options.params }, extra),
  });
}

/** The text part each vendor writes for the prompt text. */
export function textPart(model: ModelAlias, text: string): Record<string, unknown> {
  switch (model) {
    case 'responses':
      return { type: 'input_text', text };
    case 'gemini':
      return { text };
    default:
      return { type: 'text', text };
  }
}

/** The whole native body for one user message with `parts` (no system prompt, manifest max_tokens). */
export function expectedBody(model: ModelAlias, parts: readonly unknown[]): Record<string, unknown> {
  const upstream = upstreamModelOf[model];
  switch (model) {
    case 'openai':
      return { model: upstream, messages: [{ role: 'user', content: parts }], max_completion_tokens: maxTokens };
    case 'compatible':
    case 'compatible+accepts':
      return { model: upstream, messages: [{ role: 'user', content: parts }], max_tokens: maxTokens };
    case 'responses':
      return { model: upstream, input: [{ role: 'user', content: parts }], store: false, max_output_tokens: maxTokens };
    case 'anthropic':
      return { model: upstream, max_tokens: maxTokens, messages: [{ role: 'user', content: parts }] };
    case 'gemini':
      return { contents: [{ role: 'user', parts }], generationConfig: { maxOutputTokens: maxTokens } };
    default: {
      const unexpected: never = model;
      throw new Error(`unknown model ${String(unexpected)}`);
    }
  }
}

/** The full dry_run answer for one user message with `parts`. */
export function expectedDryRun(model: ModelAlias, parts: readonly unknown[], warnings: readonly string[] = []): Record<string, unknown> {
  return { provider: providerOf[model], model: upstreamModelOf[model], request: expectedBody(model, parts), warnings };
}

/** The exact 422 envelope for a part the vendor cannot take. */
export function expectedRefusal(
  model: ModelAlias,
  part: { readonly messageId: string; readonly index: number; readonly kind: string; readonly mimeType: string },
  reason: string,
  requestId: unknown,
): Record<string, unknown> {
  const provider = providerOf[model];
  return {
    error: {
      code: 'unsupported_modality',
      message:
        `message ${JSON.stringify(part.messageId)}, part ${part.index}: ${part.kind} (${part.mimeType}) cannot be sent ` +
        `to model ${JSON.stringify(model)} (${provider}): ${reason}`,
      request_id: requestId,
      details: [
        {
          path: `messages.${part.messageId}.content.${part.index}`,
          message: reason,
          messageId: part.messageId,
          index: part.index,
          kind: part.kind,
          mimeType: part.mimeType,
          model,
          provider,
        },
      ],
    },
  };
}

/** A fixture's bytes in base64, computed here from the file rather than taken from the gateway. */
export function base64Of(fixture: string): string {
  return readMedia(fixture).toString('base64');
}

export function dataUrlOf(mimeType: string, fixture: string): string {
  return `data:${mimeType};base64,${base64Of(fixture)}`;
}

export function textOf(fixture: string): string {
  return readMedia(fixture).toString('utf8');
}
