/**
 * Request bodies over the JSON parser's large-body threshold (json-body.ts) through the real
 * routes: the multi-megabyte value comes out intact at the vendor end, poisoning keys are still
 * dropped, and broken JSON is still a named 400.
 */

import { Buffer } from 'node:buffer';
import { afterEach, describe, expect, it } from 'vitest';
import type { GatewayApp } from '../src/app.js';
import { defaultJsonBodyLimits } from '../src/http/json-body.js';
import { baseManifest, buildTestApp, directBody } from './support/gateway.js';
import { readMedia } from './support/conversations.js';

let gateway: GatewayApp | undefined;

afterEach(async () => {
  await gateway?.app.close();
  gateway = undefined;
});

const manifest = `${baseManifest}  gpt: { provider: openai, model: gpt-4o, api_key: test-key }\n`;

/** A real PNG header and body followed by filler, so the sniffed type is PNG; over 2 MiB of base64. */
function largePngDataUrl(): string {
  const bytes = Buffer.concat([readMedia('image.png'), Buffer.alloc(1_600_000, 0x5a)]);
  return `data:image/png;base64,${bytes.toString('base64')}`;
}

function imageConversation(url: string, actorMetadata: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: 'application/vnd.labelbox.conversational.model-chat-evaluation',
    version: 2,
    actors: { u: { role: 'human', metadata: { name: 'User', ...actorMetadata } } },
    messages: {
      p1: {
        actorId: 'u',
        content: [
          { type: 'text', content: 'What is in this picture?' },
          { type: 'image', url },
        ],
        childMessageIds: [],
      },
    },
    rootMessageIds: ['p1'],
  };
}

describe('large request bodies', () => {
  it('hands a multi-megabyte data: URL to the vendor body unchanged', async () => {
    gateway = buildTestApp(manifest);
    const url = largePngDataUrl();
    const payload = JSON.stringify(directBody(imageConversation(url), { model: 'gpt', dry_run: true }));
    expect(payload.length).toBeGreaterThan(defaultJsonBodyLimits.largeBody);
    const response = await gateway.app.inject({ method: 'POST', url: '/run_direct', headers: { 'content-type': 'application/json' }, payload });
    expect(response.statusCode).toBe(200);
    const request = (response.json() as { request: { messages: { content: { type: string; image_url?: { url: string } }[] }[] } }).request;
    const image = request.messages.at(-1)?.content.find((part) => part.type === 'image_url');
    expect(image?.image_url?.url).toBe(url);
  });

  it('still drops __proto__ keys and names broken JSON', async () => {
    gateway = buildTestApp(manifest);
    const url = largePngDataUrl();
    const body = JSON.stringify(directBody(imageConversation(url), { model: 'gpt', dry_run: true })).replace(
      '"name":"User"',
      '"name":"User","__proto__":{"isAdmin":true}',
    );
    expect(body).toContain('"__proto__"');
    const accepted = await gateway.app.inject({ method: 'POST', url: '/run_direct', headers: { 'content-type': 'application/json' }, payload: body });
    expect(accepted.statusCode).toBe(200);
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();

    const broken = await gateway.app.inject({
      method: 'POST',
      url: '/run_direct',
      headers: { 'content-type': 'application/json' },
      payload: body.slice(0, -2),
    });
    expect(broken.statusCode).toBe(400);
    expect(broken.json()).toMatchObject({ error: { code: 'invalid_request', message: 'the request body is not valid JSON' } });
  });
});
