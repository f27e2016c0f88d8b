/**
 * `attachments.mode: forward` through `POST /run_direct` (dry run): an https URL whose type is
 * declared reaches every vendor that fetches that kind itself unchanged, and is never fetched
 * by the gateway; http URLs, and https URLs the vendor cannot take by URL, are still fetched.
 */

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  conversationWith,
  dataUrlOf,
  dryRun,
  expectedDryRun,
  promptText,
  startConnectionCounter,
  useMatrixGateway,
  textPart,
  type ConnectionCounter,
  type ModelAlias,
} from './helpers.js';

const setup = useMatrixGateway({ mode: 'forward' });
let https: ConnectionCounter;

beforeAll(async () => {
  https = await startConnectionCounter();
});

afterAll(async () => {
  await https.close();
});

it('passes https://example.com/x.png to OpenAI as image_url.url unchanged, without fetching it', async () => {
  const response = await dryRun(
    setup.gateway,
    'openai',
    conversationWith({ type: 'fileData', fileUri: 'https://example.com/x.png', mimeType: 'image/png' }),
  );
  // The host need not resolve: a fetch would have failed the request with a 422.
  expect(response.statusCode).toBe(200);
  expect(response.json()).toEqual(
    expectedDryRun('openai', [textPart('openai', promptText), { type: 'image_url', image_url: { url: 'https://example.com/x.png' } }]),
  );
});

interface ForwardCase {
  readonly file: string;
  readonly mimeType: string;
  readonly model: ModelAlias;
  readonly part: (url: string) => unknown;
}

const chatImage = (url: string): unknown => ({ type: 'image_url', image_url: { url } });
const geminiFile = (mimeType: string) => (url: string) => ({ fileData: { mimeType, fileUri: url } });

// Every (kind, vendor) pair whose capability table says the vendor fetches that kind by URL.
const forwarded: readonly ForwardCase[] = [
  { file: 'x.png', mimeType: 'image/png', model: 'openai', part: chatImage },
  { file: 'x.png', mimeType: 'image/png', model: 'responses', part: (url) => ({ type: 'input_image', image_url: url, detail: 'auto' }) },
  { file: 'x.png', mimeType: 'image/png', model: 'anthropic', part: (url) => ({ type: 'image', source: { type: 'url', url } }) },
  { file: 'x.png', mimeType: 'image/png', model: 'gemini', part: geminiFile('image/png') },
  { file: 'x.png', mimeType: 'image/png', model: 'compatible', part: chatImage },
  { file: 'x.png', mimeType: 'image/png', model: 'compatible+accepts', part: chatImage },
  { file: 'x.pdf', mimeType: 'application/pdf', model: 'responses', part: (url) => ({ type: 'input_file', file_url: url }) },
  { file: 'x.pdf', mimeType: 'application/pdf', model: 'anthropic', part: (url) => ({ type: 'document', source: { type: 'url', url } }) },
  { file: 'x.pdf', mimeType: 'application/pdf', model: 'gemini', part: geminiFile('application/pdf') },
  { file: 'x.ogg', mimeType: 'audio/ogg', model: 'gemini', part: geminiFile('audio/ogg') },
  { file: 'x.ogg', mimeType: 'audio/ogg', model: 'compatible+accepts', part: (url) => ({ type: 'audio_url', audio_url: { url } }) },
  { file: 'x.mp4', mimeType: 'video/mp4', model: 'gemini', part: geminiFile('video/mp4') },
  { file: 'x.mp4', mimeType: 'video/mp4', model: 'compatible+accepts', part: (url) => ({ type: 'video_url', video_url: { url } }) },
];

describe('https URLs a vendor fetches itself', () => {
  it.each(forwarded)('$file ($mimeType) -> $model as a URL, never connected to', async ({ file, mimeType, model, part }) => {
    const url = `https://127.0.0.1:${https.port}/files/${file}`;
    const before = https.connections();
    const response = await dryRun(setup.gateway, model, conversationWith({ type: 'fileData', fileUri: url, mimeType }));
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual(expectedDryRun(model, [textPart(model, promptText), part(url)]));
    expect(https.connections()).toBe(before);
  });
});

describe('URLs that are fetched even in forward mode', () => {
  it('fetches and inlines an http:// URL (only https is forwarded)', async () => {
    const url = `${setup.media.url}/media/image.png`;
    const response = await dryRun(setup.gateway, 'openai', conversationWith({ type: 'image', url, mimeType: 'image/png' }));
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual(
      expectedDryRun('openai', [textPart('openai', promptText), { type: 'image_url', image_url: { url: dataUrlOf('image/png', 'image.png') } }]),
    );
    expect(setup.media.requests.map((request) => request.url)).toEqual(['/media/image.png']);
  });

  it.each(['openai', 'compatible+accepts'] as const)(
    'fetches an https PDF for %s, which takes PDFs inline only (the fetch attempt is the 422 here)',
    async (model) => {
      const url = `https://127.0.0.1:${https.port}/files/report.pdf`;
      const before = https.connections();
      const response = await dryRun(setup.gateway, model, conversationWith({ type: 'pdf', url }));
      expect(response.statusCode).toBe(422);
      const body = response.json();
      expect(body.error.code).toBe('attachment_fetch_failed');
      expect(body.error.message).toMatch(
        new RegExp(`^message "p1", part 1: attachment ${url.replace(/[.]/g, '\\.')} could not be fetched: `),
      );
      expect(body.error.details).toEqual([
        { path: 'messages.p1.content.1', message: expect.any(String), messageId: 'p1', index: 1, url },
      ]);
      expect(https.connections()).toBe(before + 1);
    },
  );
});
