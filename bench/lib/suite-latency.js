/**
 * Non-streamed 1 KB text chat, per vendor: added latency of the bare proxy and of the gateway
 * over the mock itself, at concurrency 1 and at a fixed 500 req/s; then maximum throughput of
 * the gateway against the bare proxy's.
 */

import { closedLoop, fixedRate, warmUp } from './load.js';
import { addedLatency, round } from './stats.js';
import { targetsFor } from './topology.js';
import { vendors } from './vendor-replies.js';

/** @typedef {import('./topology.js').Topology} Topology */
/** @typedef {import('./load.js').LoadResult} LoadResult */

/** @type {readonly ('direct' | 'proxy' | 'gateway')[]} */
const hops = ['direct', 'proxy', 'gateway'];

/**
 * @typedef {object} LatencySettings
 * @property {number} warmUpSeconds
 * @property {number} concurrencyOneSeconds
 * @property {number} fixedRate requests per second
 * @property {number} fixedRateSeconds
 * @property {number} throughputConnections
 * @property {number} throughputSeconds
 */

/**
 * @param {Record<string, LoadResult>} results by hop
 */
function withAddedLatency(results) {
  const direct = results.direct;
  if (direct === undefined) throw new Error('no direct baseline');
  return Object.fromEntries(
    Object.entries(results).map(([hop, result]) => [
      hop,
      hop === 'direct' ? result : { ...result, added: addedLatency(result.latency, direct.latency) },
    ]),
  );
}

/**
 * @param {Topology} topology
 * @param {LatencySettings} settings
 * @param {(line: string) => void} log
 */
export async function measureLatency(topology, settings, log) {
  /** @type {Record<string, unknown>} */
  const byVendor = {};
  // One gateway process serves every vendor: warm all of its paths first, so the vendor measured
  // first is not the one that pays for the JIT compiling the shared code (request parsing,
  // validation, the relay).
  log('latency: warming the gateway on every vendor');
  for (const vendor of vendors) await warmUp((await targetsFor(topology, { vendor })).gateway, settings.warmUpSeconds);
  for (const vendor of vendors) {
    const targets = await targetsFor(topology, { vendor });
    /** @type {Record<string, LoadResult>} */
    const concurrencyOne = {};
    /** @type {Record<string, LoadResult>} */
    const steadyRate = {};
    for (const hop of hops) {
      await warmUp(targets[hop], settings.warmUpSeconds);
      log(`latency ${vendor} ${hop}: concurrency 1 for ${settings.concurrencyOneSeconds} s`);
      concurrencyOne[hop] = await closedLoop(targets[hop], { connections: 1, durationSeconds: settings.concurrencyOneSeconds });
      log(`latency ${vendor} ${hop}: ${settings.fixedRate} req/s for ${settings.fixedRateSeconds} s`);
      steadyRate[hop] = await fixedRate(targets[hop], { rate: settings.fixedRate, durationSeconds: settings.fixedRateSeconds });
    }
    byVendor[vendor] = { concurrencyOne: withAddedLatency(concurrencyOne), fixedRate: withAddedLatency(steadyRate) };
  }
  return byVendor;
}

/**
 * Closed loop with many connections until the server under test saturates its core. The mock's
 * own ceiling (direct) is measured once, so a reader can see whether the load core, which the
 * mock shares with the load generator, was the limit instead.
 * @param {Topology} topology
 * @param {LatencySettings} settings
 * @param {(line: string) => void} log
 */
export async function measureThroughput(topology, settings, log) {
  const shape = { connections: settings.throughputConnections, durationSeconds: settings.throughputSeconds };
  /** @type {Record<string, unknown>} */
  const byVendor = {};
  /** @type {LoadResult | undefined} */
  let direct;
  for (const vendor of vendors) {
    const targets = await targetsFor(topology, { vendor });
    if (direct === undefined) {
      await warmUp(targets.direct, settings.warmUpSeconds, settings.throughputConnections);
      log(`throughput direct (${vendor} body): ${shape.connections} connections for ${shape.durationSeconds} s`);
      direct = await closedLoop(targets.direct, shape);
    }
    /** @type {Record<string, LoadResult>} */
    const results = {};
    for (const hop of /** @type {const} */ (['proxy', 'gateway'])) {
      await warmUp(targets[hop], settings.warmUpSeconds, settings.throughputConnections);
      log(`throughput ${vendor} ${hop}: ${shape.connections} connections for ${shape.durationSeconds} s`);
      results[hop] = await closedLoop(targets[hop], shape);
    }
    const proxyRate = results.proxy?.requestsPerSecond ?? Number.NaN;
    const gatewayRate = results.gateway?.requestsPerSecond ?? Number.NaN;
    const proxyCpu = results.proxy?.cpuMsPerRequest ?? Number.NaN;
    const gatewayCpu = results.gateway?.cpuMsPerRequest ?? Number.NaN;
    byVendor[vendor] = {
      ...results,
      gatewayToProxy: round(gatewayRate / proxyRate, 2),
      // What the ratio would be with a core to itself: CPU per request does not count the
      // time another program on the machine held the core.
      cpuGatewayToProxy: round(proxyCpu / gatewayCpu, 2),
    };
  }
  return { connections: shape.connections, direct, byVendor };
}
