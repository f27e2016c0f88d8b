/**
 * `npm run soak` (issue 6): a fixed rate of requests for a fixed time through a vendor that
 * misbehaves on purpose (429 with Retry-After, 500, 503, connection resets before and during
 * streams, malformed JSON, stalls), against the built gateway in its own process. Every request
 * must end in a success or a well-formed error; anything else is counted as lost.
 *
 *   npm run soak                       # 60 s at 40 requests per second
 *   npm run soak -- --seconds 20 --rate 20
 */

import { once } from 'node:events';
import { createServer } from 'node:http';
import { join } from 'node:path';
import process from 'node:process';
import { setTimeout as delay } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { readMemory, startServer } from './lib/processes.js';

const { values } = parseArgs({
  options: { seconds: { type: 'string', default: '60' }, rate: { type: 'string', default: '40' } },
});
const seconds = Number(values.seconds);
const rate = Number(values.rate);
const requestDeadlineMs = 20_000;

const completion = JSON.stringify({
  id: 'chatcmpl-soak',
  object: 'chat.completion',
  created: 1,
  model: 'gpt-4o',
  choices: [{ index: 0, message: { role: 'assistant', content: 'ok' }, finish_reason: 'stop', logprobs: null }],
  usage: { prompt_tokens: 5, completion_tokens: 1, total_tokens: 6 },
});
const chunk = (text) => `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 1, model: 'gpt-4o', choices: [{ index: 0, delta: { content: text }, finish_reason: null }] })}\n\n`;

/** The fault mix, by share of requests. */
const faults = [
  ['ok', 0.6],
  ['rate_limited', 0.1],
  ['server_error', 0.06],
  ['unavailable', 0.06],
  ['reset_before', 0.05],
  ['reset_during', 0.05],
  ['malformed', 0.04],
  ['stall', 0.04],
];

function pickFault() {
  let roll = Math.random();
  for (const [name, share] of faults) {
    roll -= share;
    if (roll <= 0) return name;
  }
  return 'ok';
}

function createFaultVendor() {
  return createServer((request, response) => {
    const chunks = [];
    request.on('data', (data) => chunks.push(data));
    request.on('end', async () => {
      const streamed = Buffer.concat(chunks).toString('utf8').includes('"stream":true');
      await delay(2 + Math.random() * 8);
      switch (pickFault()) {
        case 'rate_limited':
          response.writeHead(429, { 'content-type': 'application/json', 'retry-after': '0' });
          return response.end('{"error":{"message":"Rate limit reached","type":"requests","code":"rate_limit_exceeded"}}');
        case 'server_error':
          response.writeHead(500, { 'content-type': 'application/json' });
          return response.end('{"error":{"message":"The server had an error","type":"server_error"}}');
        case 'unavailable':
          response.writeHead(503, { 'content-type': 'application/json' });
          return response.end('{"error":{"message":"Overloaded","type":"server_error"}}');
        case 'reset_before':
          return request.socket.destroy();
        case 'reset_during':
          if (!streamed) return request.socket.destroy();
          response.writeHead(200, { 'content-type': 'text/event-stream' });
          response.write(chunk('partial'));
          await delay(5);
          return request.socket.destroy();
        case 'malformed':
          response.writeHead(200, { 'content-type': streamed ? 'text/event-stream' : 'application/json' });
          return response.end(streamed ? 'data: {"choices": [\n\n' : '{"choices": [');
        case 'stall':
          return; // never answers: the gateway's timeouts must end it
        default:
          if (!streamed) {
            response.writeHead(200, { 'content-type': 'application/json' });
            return response.end(completion);
          }
          response.writeHead(200, { 'content-type': 'text/event-stream' });
          for (const word of ['soak', ' test', ' ok']) {
            response.write(chunk(word));
            await delay(2);
          }
          return response.end('data: [DONE]\n\n');
      }
    });
  });
}

const conversation = {
  type: 'application/vnd.labelbox.conversational.model-chat-evaluation',
  version: 2,
  actors: { u: { role: 'human', metadata: { name: 'User' } } },
  messages: { p1: { actorId: 'u', content: [{ type: 'text', content: 'Say ok.' }], childMessageIds: [] } },
  rootMessageIds: ['p1'],
};

/** success | an error code | 'lost' (no well-formed answer) */
async function classify(response) {
  const type = response.headers.get('content-type') ?? '';
  const text = await response.text();
  if (type.startsWith('text/event-stream')) {
    if (text.trimEnd().endsWith('data: [DONE]')) return 'success';
    const errorEvent = /event: error\ndata: (.*)\n\n$/.exec(text);
    if (errorEvent === null) return 'lost';
    return JSON.parse(errorEvent[1]).error?.code ?? 'lost';
  }
  try {
    const body = JSON.parse(text);
    if (response.status === 200) return Array.isArray(body.choices) ? 'success' : 'lost';
    return typeof body.error?.code === 'string' && typeof body.error?.request_id === 'string' ? body.error.code : 'lost';
  } catch {
    return response.status === 200 ? 'success-unparsed-body' : 'lost';
  }
}

async function send(origin, index) {
  const stream = index % 2 === 1;
  try {
    const response = await fetch(`${origin}/run_direct`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ data_row: { row_data: conversation }, inference_params: { model: 'primary', stream } }),
      signal: AbortSignal.timeout(requestDeadlineMs),
    });
    return await classify(response);
  } catch {
    return 'lost';
  }
}

const vendor = createFaultVendor();
vendor.listen(0, '127.0.0.1');
await once(vendor, 'listening');
const vendorUrl = `http://127.0.0.1:${vendor.address().port}/v1`;
const model = (extra) =>
  `{ provider: openai, model: gpt-4o, base_url: ${vendorUrl}, api_key: soak-key, timeout_ms: 3000, first_byte_timeout_ms: 2000, idle_timeout_ms: 1000, max_retries: 2, retry_base_delay_ms: 50${extra} }`;
const config = `name: soak\ndefault_model: primary\nmodels:\n  primary: ${model(', fallbacks: [secondary]')}\n  secondary: ${model('')}\n`;
const dist = join(import.meta.dirname, '..', 'dist');
const gateway = await startServer('gateway', { dist, config });
const rssStart = readMemory(gateway.pid).rssMB;

process.stdout.write(`soak: ${seconds} s at ${rate} requests/s through a fault-injecting vendor\n`);
const outcomes = [];
const started = performance.now();
let sent = 0;
while (performance.now() - started < seconds * 1000) {
  const due = Math.floor(((performance.now() - started) / 1000) * rate);
  while (sent < due) outcomes.push(send(gateway.origin, sent++));
  await delay(5);
}
const results = await Promise.all(outcomes);
const rssEnd = readMemory(gateway.pid).rssMB;
await gateway.stop();
vendor.closeAllConnections();
vendor.close();

const counts = new Map();
for (const result of results) counts.set(result, (counts.get(result) ?? 0) + 1);
const lost = counts.get('lost') ?? 0;
const successes = counts.get('success') ?? 0;
const errors = [...counts].filter(([name]) => name !== 'success' && name !== 'lost');
process.stdout.write(
  [
    `requests sent: ${sent}`,
    `successes:     ${successes}`,
    ...errors.map(([code, count]) => `error ${code}: ${count}`),
    `lost:          ${lost}`,
    `gateway RSS:   ${rssStart.toFixed(1)} MB at start, ${rssEnd.toFixed(1)} MB at end`,
    '',
  ].join('\n'),
);
process.exitCode = lost === 0 ? 0 : 1;
