/**
 * Streaming measurements with a plain `node:http` client, the same one for the mock, the bare
 * proxy and the gateway so their numbers differ only by the hop being measured:
 * time to first byte of the body (the first event), events relayed per second on a long stream,
 * and many streams held open at once (for the gateway's memory).
 */

import { Agent, request as httpRequest } from 'node:http';
import { performance } from 'node:perf_hooks';
import { URL } from 'node:url';
import { summarise } from './stats.js';
import { SseEventCounter } from './vendor-replies.js';

/** @typedef {import('./load.js').Target} Target */

/**
 * @typedef {object} StreamingRequest
 * @property {number} firstByteMs from the request's last byte sent to the first body byte
 * @property {number} totalMs to the end of the body
 * @property {number} events complete SSE events received
 * @property {number} status
 */

/**
 * @param {Target} target
 * @param {Agent} agent
 * @returns {Promise<StreamingRequest>}
 */
function streamOnce(target, agent) {
  return new Promise((resolve, reject) => {
    const url = new URL(target.path, target.origin);
    const outgoing = httpRequest(url, {
      method: 'POST',
      agent,
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', ...target.headers },
    });
    let sentAt = 0;
    outgoing.on('error', reject);
    outgoing.on('response', (response) => {
      const counter = new SseEventCounter();
      let firstByteAt = 0;
      response.on('data', (/** @type {Buffer} */ chunk) => {
        if (firstByteAt === 0) firstByteAt = performance.now();
        counter.push(chunk);
      });
      response.on('error', reject);
      response.on('end', () => {
        const endedAt = performance.now();
        resolve({
          firstByteMs: (firstByteAt || endedAt) - sentAt,
          totalMs: endedAt - sentAt,
          events: counter.count,
          status: response.statusCode ?? 0,
        });
      });
    });
    outgoing.end(target.body, () => {
      sentAt = performance.now();
    });
  });
}

/**
 * Sequential streamed requests on one kept-alive connection.
 * @param {Target} target
 * @param {{ iterations: number, warmUpIterations: number }} shape
 * @returns {Promise<import('./stats.js').LatencySummary>} time to first byte, milliseconds
 */
export async function timeToFirstByte(target, shape) {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  /** @type {number[]} */
  const firstBytes = [];
  try {
    for (let index = 0; index < shape.warmUpIterations + shape.iterations; index++) {
      const result = await streamOnce(target, agent);
      if (result.status !== 200 || result.events === 0) {
        throw new Error(`streamed ${target.origin}${target.path} answered ${result.status} with ${result.events} events`);
      }
      if (index >= shape.warmUpIterations) firstBytes.push(result.firstByteMs);
    }
  } finally {
    agent.destroy();
  }
  return summarise(firstBytes);
}

/**
 * A long stream read as fast as it comes; the rate counts from the first byte, so it is the
 * relay's throughput and not the setup of the call.
 * @param {Target} target
 * @param {number} repetitions the best of these is kept (noise on a shared machine only slows)
 * @returns {Promise<{ eventsPerSecond: number, events: number }>}
 */
export async function relayRate(target, repetitions) {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  let best = { eventsPerSecond: 0, events: 0 };
  try {
    for (let index = 0; index < repetitions; index++) {
      const result = await streamOnce(target, agent);
      if (result.status !== 200) throw new Error(`long stream ${target.origin}${target.path} answered ${result.status}`);
      const seconds = (result.totalMs - result.firstByteMs) / 1000;
      const eventsPerSecond = Math.round(result.events / seconds);
      if (eventsPerSecond > best.eventsPerSecond) best = { eventsPerSecond, events: result.events };
    }
  } finally {
    agent.destroy();
  }
  return best;
}

/**
 * Opens `count` streams at once and resolves when every one has its first byte.
 * @param {Target} target
 * @param {number} count
 * @returns {Promise<{ close: () => void }>}
 */
export async function openStreams(target, count) {
  const agent = new Agent({ keepAlive: false, maxSockets: Infinity });
  /** @type {import('node:http').ClientRequest[]} */
  const requests = [];
  const firstBytes = Array.from({ length: count }, () => {
    return new Promise((resolve, reject) => {
      const outgoing = httpRequest(new URL(target.path, target.origin), {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', accept: 'text/event-stream', ...target.headers },
      });
      requests.push(outgoing);
      outgoing.on('error', reject);
      outgoing.on('response', (response) => {
        if (response.statusCode !== 200) reject(new Error(`held stream answered ${response.statusCode ?? 0}`));
        response.once('data', () => resolve(undefined));
        // Swallow the reset when the bench closes the streams.
        response.on('error', () => undefined);
      });
      outgoing.end(target.body);
    });
  });
  const close = () => {
    for (const outgoing of requests) {
      outgoing.on('error', () => undefined);
      outgoing.destroy();
    }
    agent.destroy();
  };
  try {
    await Promise.all(firstBytes);
  } catch (error) {
    close();
    throw error;
  }
  return { close };
}
