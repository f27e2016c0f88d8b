/**
 * Micro-benchmark of the pure half of each adapter: `prepare()` on a 100-turn conversation with
 * 20 images whose bytes are already resolved (base64 computed, as the attachment cache leaves
 * them). No I/O happens in `prepare`; the SDK call is only bound, not made. The serialisation
 * the SDK does later (`JSON.stringify` of the body) is timed apart, since it is per request too.
 */

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL, URL } from 'node:url';
import { summarise } from './stats.js';

const media = new URL('../../fixtures/media/', import.meta.url);

/**
 * @param {string} dist the built gateway
 */
async function loadGateway(dist) {
  const registry = await import(pathToFileURL(join(dist, 'providers', 'registry.js')).href);
  const inlineData = await import(pathToFileURL(join(dist, 'conversation', 'inline-data.js')).href);
  return { createAdapterRegistry: registry.createAdapterRegistry, InlineData: inlineData.InlineData };
}

/**
 * 100 turns alternating user / assistant (50 exchanges), about 200 characters of text each;
 * images on every other user turn, PNG and JPEG in turn, 20 in all.
 * @param {{ fromBytes(bytes: Buffer): { base64(): string } }} InlineData
 */
export function longConversation(InlineData) {
  const images = [
    { mimeType: 'image/png', bytes: readFileSync(fileURLToPath(new URL('image.png', media))) },
    { mimeType: 'image/jpeg', bytes: readFileSync(fileURLToPath(new URL('image.jpg', media))) },
  ];
  const turns = [];
  let imageCount = 0;
  for (let index = 0; index < 100; index++) {
    const role = index % 2 === 0 ? 'user' : 'assistant';
    const messageId = `m${index}`;
    /** @type {unknown[]} */
    const parts = [{ type: 'text', text: `Turn ${index}: ${'a sentence about the chart and its axes, '.repeat(5)}` }];
    if (role === 'user' && index % 4 === 0 && imageCount < 20) {
      const image = images[imageCount % images.length] ?? images[0];
      if (image === undefined) throw new Error('no fixture image');
      const data = InlineData.fromBytes(image.bytes);
      data.base64();
      parts.push({
        type: 'media',
        kind: 'image',
        mimeType: image.mimeType,
        source: { type: 'inline', data },
        filename: undefined,
        location: { messageId, index: 1 },
      });
      imageCount += 1;
    }
    turns.push({ role, parts, messageId });
  }
  return { system: 'You are a careful analyst.', turns, params: { temperature: 0.2, maxTokens: 512 } };
}

const upstreamModels = {
  openai: 'gpt-4o',
  'openai-responses': 'gpt-4o',
  anthropic: 'claude-sonnet-4-6',
  gemini: 'gemini-2.5-flash',
};

/**
 * @typedef {object} ConversionTiming
 * @property {string} provider
 * @property {import('./stats.js').LatencySummary} prepareMs
 * @property {number} preparesPerSecond
 * @property {import('./stats.js').LatencySummary} serialiseMs `JSON.stringify` of the body
 * @property {number} bodyBytes
 */

/**
 * @param {string} dist
 * @param {{ seconds: number }} shape time spent measuring each provider
 * @returns {Promise<ConversionTiming[]>}
 */
export async function measureConversions(dist, shape) {
  const { createAdapterRegistry, InlineData } = await loadGateway(dist);
  const adapters = createAdapterRegistry();
  const conversation = longConversation(InlineData);
  /** @type {ConversionTiming[]} */
  const timings = [];
  for (const [provider, model] of Object.entries(upstreamModels)) {
    const adapter = adapters[provider];
    const target = { alias: provider, provider, model, baseUrl: undefined, apiKey: 'bench-key', timeoutMs: undefined, accepts: [] };
    for (let index = 0; index < 100; index++) JSON.stringify(adapter.prepare(conversation, target).body);
    /** @type {number[]} */
    const prepareTimes = [];
    /** @type {number[]} */
    const serialiseTimes = [];
    let bodyBytes = 0;
    const deadline = performance.now() + shape.seconds * 1000;
    while (performance.now() < deadline || prepareTimes.length < 50) {
      const started = performance.now();
      const prepared = adapter.prepare(conversation, target);
      const converted = performance.now();
      bodyBytes = JSON.stringify(prepared.body).length;
      serialiseTimes.push(performance.now() - converted);
      prepareTimes.push(converted - started);
    }
    const prepareMs = summarise(prepareTimes);
    timings.push({
      provider,
      prepareMs,
      preparesPerSecond: Math.round(1000 / prepareMs.mean),
      serialiseMs: summarise(serialiseTimes),
      bodyBytes,
    });
  }
  return timings;
}
