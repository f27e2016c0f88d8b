/**
 * Shared generic conversations for the converter tests of every provider, so each vendor's
 * table is checked against the same inputs.
 */

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Conversation, MediaKind, MediaPart, PartLocation } from '../../src/conversation/conversation.js';
import { InlineData } from '../../src/conversation/inline-data.js';
import type { ModelTarget, ProviderId } from '../../src/providers/provider.js';

export const mediaDirectory = fileURLToPath(new URL('../../fixtures/media/', import.meta.url));

export function readMedia(name: string): Buffer {
  return readFileSync(`${mediaDirectory}${name}`);
}

export function target(provider: ProviderId, model: string, overrides: Partial<ModelTarget> = {}): ModelTarget {
  return {
    alias: `${provider}-test`,
    provider,
    model,
    baseUrl: undefined,
    apiKey: 'test-key',
    timeoutMs: undefined,
    accepts: [],
    ...overrides,
  };
}

export function inlinePart(
  kind: MediaKind,
  mimeType: string,
  bytes: Buffer,
  location: PartLocation,
  filename?: string,
): MediaPart {
  return { type: 'media', kind, mimeType, source: { type: 'inline', data: InlineData.fromBytes(bytes) }, filename, location };
}

export function urlPart(kind: MediaKind, mimeType: string, url: string, location: PartLocation): MediaPart {
  return { type: 'media', kind, mimeType, source: { type: 'url', url }, filename: undefined, location };
}

/** A tiny valid PNG (1x1, transparent), small enough to read in an expected body. */
export const tinyPngBase64 =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

export const conversations = {
  /** One user question, no settings. */
  singleTurn: {
    system: undefined,
    turns: [{ role: 'user', messageId: 'p1', parts: [{ type: 'text', text: 'Hello there' }] }],
    params: {},
  },
  /** System prompt, three turns, every generation setting. */
  multiTurnWithParams: {
    system: 'You are terse.',
    turns: [
      { role: 'user', messageId: 'p1', parts: [{ type: 'text', text: 'What is 2+2?' }] },
      { role: 'assistant', messageId: 'r1', parts: [{ type: 'text', text: '4' }] },
      { role: 'user', messageId: 'p2', parts: [{ type: 'text', text: 'And 3+3?' }] },
    ],
    params: { temperature: 0.2, topP: 0.9, maxTokens: 256, stop: ['END'], seed: 7 },
  },
  /** An image by https URL and one inline, with text between them. */
  imagesByUrlAndInline: {
    system: undefined,
    turns: [
      {
        role: 'user',
        messageId: 'p1',
        parts: [
          { type: 'text', text: 'Compare these images.' },
          urlPart('image', 'image/jpeg', 'https://example.com/cat.jpg', { messageId: 'p1', index: 1 }),
          inlinePart('image', 'image/png', Buffer.from(tinyPngBase64, 'base64'), { messageId: 'p1', index: 2 }),
        ],
      },
    ],
    params: { maxTokens: 100 },
  },
  /** Starts with the model and has two user turns in a row (vendor role rules bite). */
  assistantFirstAndRepeatedRoles: {
    system: undefined,
    turns: [
      { role: 'assistant', messageId: 'r0', parts: [{ type: 'text', text: 'Hi, how can I help?' }] },
      { role: 'user', messageId: 'p1', parts: [{ type: 'text', text: 'First question.' }] },
      { role: 'user', messageId: 'p2', parts: [{ type: 'text', text: '' }, { type: 'text', text: 'Second question.' }] },
    ],
    params: {},
  },
  /** Structured output (predict). */
  structured: {
    system: 'Label the text.',
    turns: [{ role: 'user', messageId: 'p1', parts: [{ type: 'text', text: 'Tom works at IBM.' }] }],
    params: {
      maxTokens: 200,
      structuredOutput: {
        name: 'predictions',
        schema: {
          type: 'object',
          properties: { sentiment: { type: 'string', enum: ['positive', 'negative'] } },
          required: ['sentiment'],
          additionalProperties: false,
        },
      },
    },
  },
} satisfies Record<string, Conversation>;
