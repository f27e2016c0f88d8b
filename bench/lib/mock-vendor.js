/**
 * The mock vendor: OpenAI Chat Completions, Anthropic Messages and Gemini generateContent on one
 * loopback port, JSON and SSE, answering after a fixed small latency with recorded replies.
 *
 * The first path segment picks the scenario, so a gateway model's `base_url` selects it with no
 * body parsing in the mock (the mock must stay cheap: it shares a core with the load generator):
 * - `/json/...`  the ordinary reply: JSON, or the recorded short stream when the body asks for one;
 * - `/long/...`  a long stream of `longStreamEvents` deltas, written as fast as the reader takes them;
 * - `/hold/...`  a stream that sends its first event and then stays open until the client leaves.
 *
 * Paths after the scenario are the vendors' own:
 * @see https://platform.openai.com/docs/api-reference/chat/create (POST /v1/chat/completions)
 * @see https://docs.anthropic.com/en/api/messages (POST /v1/messages)
 * @see https://ai.google.dev/api/generate-content (POST /v1beta/models/{model}:generateContent,
 *      :streamGenerateContent?alt=sse)
 */

import { Buffer } from 'node:buffer';
import { createServer } from 'node:http';
import { setImmediate, setTimeout } from 'node:timers';
import { loadVendorReplies } from './vendor-replies.js';

/** @typedef {import('./vendor-replies.js').Vendor} Vendor */
/** @typedef {import('./vendor-replies.js').VendorReplies} VendorReplies */
/** @typedef {'json' | 'long' | 'hold'} Scenario */

/**
 * @typedef {object} MockVendorOptions
 * @property {number} latencyMs fixed delay before the first byte of every reply
 * @property {number} longStreamEvents deltas in a `/long` stream
 */

/** @type {readonly Scenario[]} */
const scenarios = ['json', 'long', 'hold'];
const streamRequested = Buffer.from('"stream":true');

/**
 * @param {string} path the request path after the scenario segment
 * @returns {{ vendor: Vendor, geminiStream: boolean } | undefined}
 */
export function vendorOf(path) {
  const bare = path.split('?')[0] ?? '';
  if (bare.endsWith('/chat/completions')) return { vendor: 'openai', geminiStream: false };
  if (bare.endsWith('/v1/messages')) return { vendor: 'anthropic', geminiStream: false };
  if (bare.endsWith(':streamGenerateContent')) return { vendor: 'gemini', geminiStream: true };
  if (bare.endsWith(':generateContent')) return { vendor: 'gemini', geminiStream: false };
  return undefined;
}

/**
 * @param {MockVendorOptions} options
 * @returns {import('node:http').Server}
 */
export function createMockVendor(options) {
  /** @type {Record<Vendor, VendorReplies>} */
  const replies = {
    openai: loadVendorReplies('openai'),
    anthropic: loadVendorReplies('anthropic'),
    gemini: loadVendorReplies('gemini'),
  };
  const server = createServer({ keepAliveTimeout: 120_000, noDelay: true }, (request, response) => {
    /** @type {Buffer[]} */
    const chunks = [];
    request.on('data', (/** @type {Buffer} */ chunk) => chunks.push(chunk));
    request.on('end', () => {
      const url = request.url ?? '/';
      const slash = url.indexOf('/', 1);
      const scenario = /** @type {Scenario} */ (url.slice(1, slash));
      const route = slash === -1 ? undefined : vendorOf(url.slice(slash));
      if (!scenarios.includes(scenario) || route === undefined) {
        response.writeHead(404, { 'content-type': 'application/json' }).end('{"error":{"message":"no such mock route"}}');
        return;
      }
      const vendorReplies = replies[route.vendor];
      // OpenAI and Anthropic ask for a stream in the body; a byte search spares a JSON parse.
      const stream = route.geminiStream || scenario !== 'json' || Buffer.concat(chunks).includes(streamRequested);
      setTimeout(() => {
        if (!stream) sendJson(response, vendorReplies.json);
        else if (scenario === 'long') void sendLongStream(response, vendorReplies, options.longStreamEvents);
        else if (scenario === 'hold') sendHeldStream(response, vendorReplies);
        else sendShortStream(response, vendorReplies.stream);
      }, options.latencyMs);
    });
  });
  return server;
}

const sseHeaders = { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' };

/**
 * @param {import('node:http').ServerResponse} response
 * @param {Buffer} body
 */
function sendJson(response, body) {
  response.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length }).end(body);
}

/**
 * First event on its own (its arrival is the time to first byte), the rest right after.
 * @param {import('node:http').ServerResponse} response
 * @param {readonly Buffer[]} events
 */
function sendShortStream(response, events) {
  response.writeHead(200, sseHeaders);
  const [first, ...rest] = events;
  if (first !== undefined) response.write(first);
  setImmediate(() => {
    for (const event of rest) response.write(event);
    response.end();
  });
}

/**
 * Writes as fast as the reader takes the bytes, one `write` per event as a vendor's server does,
 * so the relay's per-event cost is what limits the rate.
 * @param {import('node:http').ServerResponse} response
 * @param {VendorReplies} replies
 * @param {number} deltaCount
 */
async function sendLongStream(response, replies, deltaCount) {
  response.writeHead(200, sseHeaders);
  for (const event of replies.head) response.write(event);
  for (let index = 0; index < deltaCount; index++) {
    if (response.destroyed) return;
    if (!response.write(replies.delta)) await drainedOrClosed(response);
  }
  for (const event of replies.tail) response.write(event);
  response.end();
}

/**
 * @param {import('node:http').ServerResponse} response
 * @returns {Promise<void>}
 */
function drainedOrClosed(response) {
  return new Promise((resolve) => {
    const done = () => {
      response.off('drain', done);
      response.off('close', done);
      resolve();
    };
    response.on('drain', done);
    response.on('close', done);
  });
}

/**
 * An open stream that costs the gateway one connection each way and nothing else: the first
 * event, then silence until the client (or the gateway) goes away.
 * @param {import('node:http').ServerResponse} response
 * @param {VendorReplies} replies
 */
function sendHeldStream(response, replies) {
  response.writeHead(200, sseHeaders);
  for (const event of replies.head) response.write(event);
}
