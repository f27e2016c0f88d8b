/**
 * The two load shapes the bench drives:
 *
 * - closed loop (autocannon): N connections, each sending its next request when the last answer
 *   arrives. Concurrency 1 gives the per-request cost; many connections give maximum throughput.
 *   Latencies are taken from autocannon's per-response event in fractional milliseconds, because
 *   its own histogram records whole milliseconds.
 * - open loop at a fixed rate (undici): requests leave on a fixed schedule whatever the answers
 *   do. autocannon's `overallRate` is not used for this: it sends each second's quota in a
 *   burst and then idles, which measures bursts of concurrency rather than a steady 500 req/s.
 */

import { performance } from 'node:perf_hooks';
import { setTimeout } from 'node:timers';
import autocannon from 'autocannon';
import { Pool } from 'undici';
import { readCpuMs } from './processes.js';
import { round, summarise } from './stats.js';

/**
 * @typedef {object} Target
 * @property {string} origin `http://127.0.0.1:<port>`
 * @property {string} path
 * @property {string} body
 * @property {Record<string, string>} [headers]
 * @property {number} [pid] the process that serves it, whose CPU time is then measured
 */

/**
 * @typedef {object} LoadResult
 * @property {import('./stats.js').LatencySummary} latency milliseconds
 * @property {number} requestsPerSecond completed 2xx requests per second
 * @property {number} failures non-2xx answers, errors and timeouts
 * @property {number} [cpuMsPerRequest] CPU time of the serving process per completed request
 */

/**
 * @param {Target} target
 * @returns {(completed: number) => { cpuMsPerRequest?: number }}
 */
function cpuMeter(target) {
  const { pid } = target;
  if (pid === undefined) return () => ({});
  const before = readCpuMs(pid);
  return (completed) => (completed === 0 ? {} : { cpuMsPerRequest: round((readCpuMs(pid) - before) / completed) });
}

const jsonHeaders = { 'content-type': 'application/json' };

/**
 * @param {Target} target
 * @param {{ connections: number, durationSeconds: number }} shape
 * @returns {Promise<LoadResult>}
 */
export function closedLoop(target, shape) {
  /** @type {number[]} */
  const latencies = [];
  const cpu = cpuMeter(target);
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: `${target.origin}${target.path}`,
        method: 'POST',
        headers: { ...jsonHeaders, ...target.headers },
        body: target.body,
        connections: shape.connections,
        duration: shape.durationSeconds,
        pipelining: 1,
        timeout: 30,
      },
      (error, result) => {
        if (error) {
          reject(error);
          return;
        }
        const ok = latencies.length;
        resolve({
          latency: summarise(latencies),
          requestsPerSecond: Math.round(ok / shape.durationSeconds),
          failures: result.non2xx + result.errors + result.timeouts,
          ...cpu(ok),
        });
      },
    );
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      if (statusCode >= 200 && statusCode < 300) latencies.push(responseTime);
    });
  });
}

/**
 * Requests leave every `1000 / rate` ms on a schedule kept against the clock, each on any free
 * keep-alive connection; latency runs from the moment a request is handed to the client to the
 * end of its answer's body.
 * @param {Target} target
 * @param {{ rate: number, durationSeconds: number }} shape
 * @returns {Promise<LoadResult>}
 */
export async function fixedRate(target, shape) {
  const pool = new Pool(target.origin, { connections: 256, pipelining: 1, keepAliveTimeout: 60_000 });
  const headers = { ...jsonHeaders, ...target.headers };
  const total = Math.round(shape.rate * shape.durationSeconds);
  const interval = 1000 / shape.rate;
  /** @type {number[]} */
  const latencies = [];
  let failures = 0;
  /** @type {Promise<void>[]} */
  const inFlight = [];
  const send = async () => {
    const started = performance.now();
    try {
      const answer = await pool.request({ path: target.path, method: 'POST', headers, body: target.body });
      await answer.body.arrayBuffer();
      if (answer.statusCode >= 200 && answer.statusCode < 300) latencies.push(performance.now() - started);
      else failures += 1;
    } catch {
      failures += 1;
    }
  };
  const cpu = cpuMeter(target);
  const begin = performance.now();
  let sent = 0;
  await new Promise((resolve) => {
    const tick = () => {
      const now = performance.now();
      while (sent < total && begin + sent * interval <= now) {
        inFlight.push(send());
        sent += 1;
      }
      if (sent >= total) resolve(undefined);
      else setTimeout(tick, Math.max(0, begin + sent * interval - performance.now()));
    };
    tick();
  });
  await Promise.all(inFlight);
  const elapsedSeconds = (performance.now() - begin) / 1000;
  await pool.close();
  return {
    latency: summarise(latencies),
    requestsPerSecond: Math.round(latencies.length / elapsedSeconds),
    failures,
    ...cpu(latencies.length),
  };
}

/**
 * One short closed-loop run whose numbers are thrown away: JIT, connection pools and the SDK
 * clients of the gateway warm up before anything is measured.
 * @param {Target} target
 * @param {number} seconds
 * @param {number} [connections]
 */
export async function warmUp(target, seconds, connections = 4) {
  const result = await closedLoop(target, { connections, durationSeconds: seconds });
  if (result.failures > 0 && result.latency.count === 0) {
    throw new Error(`warm-up of ${target.origin}${target.path} failed: no request succeeded`);
  }
}

/**
 * `count` requests one after another on one connection (large bodies, where a run of a few
 * requests is the measurement).
 * @param {Target} target
 * @param {number} count
 * @returns {Promise<import('./stats.js').LatencySummary & { cpuMsPerRequest?: number }>}
 */
export async function sequential(target, count) {
  const pool = new Pool(target.origin, { connections: 1, keepAliveTimeout: 60_000 });
  const cpu = cpuMeter(target);
  const headers = { ...jsonHeaders, ...target.headers };
  /** @type {number[]} */
  const latencies = [];
  try {
    for (let index = 0; index < count; index++) {
      const started = performance.now();
      const answer = await pool.request({ path: target.path, method: 'POST', headers, body: target.body });
      const text = await answer.body.text();
      if (answer.statusCode < 200 || answer.statusCode >= 300) {
        throw new Error(`${target.origin}${target.path} answered ${answer.statusCode}: ${text.slice(0, 300)}`);
      }
      latencies.push(performance.now() - started);
    }
  } finally {
    await pool.close();
  }
  return { ...summarise(latencies), ...cpu(latencies.length) };
}
