/**
 * gs:// and YouTube URIs (issue 3: "passed to Gemini as file URIs without fetching") through
 * `POST /run_direct` (dry run), in both attachment modes: Gemini gets `fileData`, every other
 * vendor a 422 `unsupported_modality` naming the part, since none of them can read such a URI.
 */

import { describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import {
  conversationWith,
  dryRun,
  expectedDryRun,
  promptText,
  providerOf,
  useMatrixGateway,
  textPart,
  type ModelAlias,
} from './helpers.js';

interface RemoteUri {
  readonly name: string;
  readonly item: Record<string, unknown>;
  readonly kind: string;
  readonly mimeType: string;
  /** What Gemini gets. */
  readonly gemini: unknown;
}

const youtube = 'https://www.youtube.com/watch?v=dQw4w9WgXcQ';

const uris: Readonly<Record<string, RemoteUri>> = {
  'gs:// image': {
    name: 'gs:// image',
    item: { type: 'fileData', fileUri: 'gs://bucket/cat.png', mimeType: 'image/png' },
    kind: 'image',
    mimeType: 'image/png',
    gemini: { fileData: { mimeType: 'image/png', fileUri: 'gs://bucket/cat.png' } },
  },
  'gs:// PDF': {
    name: 'gs:// PDF',
    item: { type: 'pdf', uri: 'gs://bucket/report.pdf' },
    kind: 'pdf',
    mimeType: 'application/pdf',
    gemini: { fileData: { mimeType: 'application/pdf', fileUri: 'gs://bucket/report.pdf' } },
  },
  'gs:// video': {
    name: 'gs:// video',
    item: { type: 'video', uri: 'gs://bucket/clip.mp4' },
    kind: 'video',
    mimeType: 'video/mp4',
    gemini: { fileData: { mimeType: 'video/mp4', fileUri: 'gs://bucket/clip.mp4' } },
  },
  'YouTube link': {
    name: 'YouTube link',
    item: { type: 'fileData', fileUri: youtube },
    kind: 'video',
    mimeType: 'video/mp4',
    // A YouTube page has no file type of its own: Gemini gets the bare URI.
    gemini: { fileData: { fileUri: youtube } },
  },
};

const others: readonly ModelAlias[] = ['openai', 'responses', 'anthropic', 'compatible', 'compatible+accepts'];

/** Cells where the gateway today sends the URI on instead of refusing it (see the BUG note below). */
const forwardedToday: ReadonlySet<string> = new Set([
  'gs:// image|openai',
  'gs:// image|responses',
  'gs:// image|anthropic',
  'gs:// image|compatible',
  'gs:// image|compatible+accepts',
  'gs:// PDF|responses',
  'gs:// PDF|anthropic',
  'gs:// video|compatible+accepts',
  'YouTube link|compatible+accepts',
]);

const refusals = Object.values(uris).flatMap((uri) => others.map((model) => ({ uri, model, name: uri.name })));
const refusedByConversion = refusals.filter(({ name, model }) => !forwardedToday.has(`${name}|${model}`));
const storageUrisElsewhere = refusals.filter(({ name, model }) => forwardedToday.has(`${name}|${model}`));

function expectRefusal(response: LightMyRequestResponse, uri: RemoteUri, model: ModelAlias): void {
  expect(response.statusCode).toBe(422);
  const body = response.json();
  expect(body.error.code).toBe('unsupported_modality');
  // The reason after the colon is the vendor's own wording; the rest names the part exactly.
  const prefix = `message "p1", part 1: ${uri.kind} (${uri.mimeType}) cannot be sent to model ${JSON.stringify(model)} (${providerOf[model]}): `;
  expect(body.error.message.slice(0, prefix.length)).toBe(prefix);
  expect(body.error.details).toEqual([
    {
      path: 'messages.p1.content.1',
      message: expect.any(String),
      messageId: 'p1',
      index: 1,
      kind: uri.kind,
      mimeType: uri.mimeType,
      model,
      provider: providerOf[model],
    },
  ]);
}

describe.each(['inline', 'forward'] as const)('attachments.mode %s', (mode) => {
  const setup = useMatrixGateway({ mode });

  it.each(Object.values(uris))('$name -> gemini as fileData', async (uri) => {
    const response = await dryRun(setup.gateway, 'gemini', conversationWith(uri.item));
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual(expectedDryRun('gemini', [textPart('gemini', promptText), uri.gemini]));
  });

  it.each(refusedByConversion)('$name -> $model is a 422', async ({ uri, model }) => {
    expectRefusal(await dryRun(setup.gateway, model, conversationWith(uri.item)), uri, model);
  });

  // Were forwarded as unreadable URLs before storage URIs were marked on the part.
  it.each(storageUrisElsewhere)('$name -> $model is a 422 (vendors that cannot read storage URIs)', async ({ uri, model }) => {
    expectRefusal(await dryRun(setup.gateway, model, conversationWith(uri.item)), uri, model);
  });
});
