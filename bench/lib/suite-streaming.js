/**
 * Streamed replies, per vendor: time to first byte (the first event) through the bare proxy
 * and the gateway against the mock itself, and events relayed per second on a long stream.
 */

import { addedLatency, round } from './stats.js';
import { relayRate, timeToFirstByte } from './streaming.js';
import { targetsFor } from './topology.js';
import { vendors } from './vendor-replies.js';

/** @typedef {import('./topology.js').Topology} Topology */

/**
 * @typedef {object} StreamingSettings
 * @property {number} firstByteIterations
 * @property {number} firstByteWarmUp
 * @property {number} longStreamRepetitions
 */

/** @type {readonly ('direct' | 'proxy' | 'gateway')[]} */
const hops = ['direct', 'proxy', 'gateway'];

/**
 * @param {Topology} topology
 * @param {StreamingSettings} settings
 * @param {(line: string) => void} log
 */
export async function measureStreaming(topology, settings, log) {
  /** @type {Record<string, unknown>} */
  const byVendor = {};
  for (const vendor of vendors) {
    const shortTargets = await targetsFor(topology, { vendor, stream: true });
    /** @type {Record<string, import('./stats.js').LatencySummary>} */
    const firstByte = {};
    for (const hop of hops) {
      log(`streaming ${vendor} ${hop}: time to first byte x${settings.firstByteIterations}`);
      firstByte[hop] = await timeToFirstByte(shortTargets[hop], {
        iterations: settings.firstByteIterations,
        warmUpIterations: settings.firstByteWarmUp,
      });
    }
    const longTargets = await targetsFor(topology, { vendor, scenario: 'long' });
    /** @type {Record<string, { eventsPerSecond: number, events: number }>} */
    const relay = {};
    for (const hop of hops) {
      log(`streaming ${vendor} ${hop}: long stream x${settings.longStreamRepetitions}`);
      relay[hop] = await relayRate(longTargets[hop], settings.longStreamRepetitions);
    }
    const direct = firstByte.direct;
    if (direct === undefined) throw new Error('no direct baseline');
    byVendor[vendor] = {
      firstByte: {
        direct,
        proxy: { latency: firstByte.proxy, added: addedLatency(firstByte.proxy ?? direct, direct) },
        gateway: { latency: firstByte.gateway, added: addedLatency(firstByte.gateway ?? direct, direct) },
      },
      relay: {
        ...relay,
        gatewayToProxy: round((relay.gateway?.eventsPerSecond ?? Number.NaN) / (relay.proxy?.eventsPerSecond ?? Number.NaN), 2),
      },
    };
  }
  return byVendor;
}
