/**
 * Shared set-up for the run_direct end-to-end tests: loopback vendors (descriptors in
 * `vendors.ts`), a loopback media host, a gateway listening on a loopback port built from inline
 * model.yaml, SSE reading, and the conversation every vendor is asked about.
 */

import { extname } from 'node:path';
import { buildTestApp, listen, readConversation } from '../support/gateway.js';
import { readMedia } from '../support/conversations.js';
import { startLoopbackServer, type LoopbackServer } from '../support/loopback-server.js';
import { modelEntry, replyAsVendor, type Vendor } from './vendors.js';

export * from './vendors.js';

export function manifest(entries: Readonly<Record<string, string>>): string {
  const aliases = Object.keys(entries);
  const lines = aliases.map((alias) => `  ${alias}: ${entries[alias] ?? ''}`);
  return [
    'name: direct vendors test',
    'max_tokens: 512',
    `default_model: ${aliases[0] ?? 'none'}`,
    'attachments: { allow_private_networks: true }',
    'models:',
    ...lines,
    '',
  ].join('\n');
}

/** Servers and apps a test started; closed after each test. */
export class Resources {
  readonly #closers: (() => Promise<unknown>)[] = [];

  async vendorServer(vendor?: Vendor): Promise<LoopbackServer> {
    const server = await startLoopbackServer(vendor === undefined ? undefined : replyAsVendor(vendor));
    this.#closers.push(() => server.close());
    return server;
  }

  /** Serves `fixtures/media/<name>` with its Content-Type. */
  async mediaServer(): Promise<LoopbackServer> {
    const server = await startLoopbackServer((request, response) => {
      const name = request.url.slice(1);
      response.writeHead(200, { 'content-type': mediaTypes[extname(name)] ?? 'application/octet-stream' });
      response.end(readMedia(name));
    });
    this.#closers.push(() => server.close());
    return server;
  }

  /** Builds the gateway from the YAML and listens on 127.0.0.1; returns its base URL. */
  async gateway(yaml: string): Promise<string> {
    const { app } = buildTestApp(yaml);
    this.#closers.push(() => app.close());
    return listen(app);
  }

  async closeAll(): Promise<void> {
    // The gateway first, so its upstream sockets go before the servers they talk to.
    const closers = this.#closers.splice(0).reverse();
    for (const close of closers) await close();
  }
}

const mediaTypes: Readonly<Record<string, string>> = { '.png': 'image/png', '.jpg': 'image/jpeg', '.webp': 'image/webp' };

/** The vendor and a gateway with only that vendor configured. */
export async function gatewayFor(resources: Resources, vendor: Vendor): Promise<{ url: string; server: LoopbackServer }> {
  const server = await resources.vendorServer(vendor);
  const url = await resources.gateway(manifest({ [vendor.alias]: modelEntry(vendor, server) }));
  return { url, server };
}

export async function post(
  url: string,
  route: '/run_direct' | '/',
  body: unknown,
  headers: Readonly<Record<string, string>> = {},
  signal?: AbortSignal,
): Promise<Response> {
  return fetch(`${url}${route}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
    ...(signal === undefined ? {} : { signal }),
  });
}

/** Reads a streamed body up to the end of its first event, leaving the rest unread. */
export async function readFirstEvent(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<string> {
  const decoder = new TextDecoder();
  let text = '';
  while (!/\r?\n\r?\n/.test(text)) {
    const chunk = await reader.read();
    if (chunk.done) break;
    text += decoder.decode(chunk.value, { stream: true });
  }
  return text;
}

/** Reads what is left of a streamed body. */
export async function readRest(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<string> {
  const decoder = new TextDecoder();
  let text = '';
  for (;;) {
    const chunk = await reader.read();
    if (chunk.done) return text + decoder.decode();
    text += decoder.decode(chunk.value, { stream: true });
  }
}

/** Base64 of the media fixtures the conversation carries. */
export const mediaBase64 = {
  png: readMedia('image.png').toString('base64'),
  jpg: readMedia('image.jpg').toString('base64'),
  webp: readMedia('image.webp').toString('base64'),
} as const;

export const systemPrompt = 'Answer in one short sentence.';

/** Every generation setting, in Labelbox's names; `model_config_name` picks the Claude branch. */
export function comparisonParams(alias: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    model: alias,
    model_config_name: 'Claude',
    system_prompt: systemPrompt,
    temperature: 0.3,
    top_p: 0.9,
    max_tokens: 300,
    stop: ['END'],
    seed: 42,
    ...extra,
  };
}

/**
 * `two-models.json` with its first image served by the media host (fetched and inlined), and
 * the last prompt carrying one image as bare base64 and one as a `data:` URL.
 */
export function comparisonConversation(media: LoopbackServer): Record<string, unknown> {
  const conversation = readConversation('two-models') as {
    messages: Record<string, { content: Record<string, unknown>[] }>;
  };
  const { p1, p2 } = conversation.messages;
  if (p1 === undefined || p2 === undefined) throw new Error('two-models.json lost p1 or p2');
  p1.content[1] = { type: 'image', url: `${media.url}/image.png`, mimeType: 'image/png' };
  p2.content.push(
    { type: 'image', data: mediaBase64.jpg, mimeType: 'image/jpeg' },
    { type: 'image', url: `data:image/webp;base64,${mediaBase64.webp}` },
  );
  return conversation;
}
