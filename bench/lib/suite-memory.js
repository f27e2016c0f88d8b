/**
 * The gateway's memory, each part in a fresh gateway process so nothing measured earlier
 * (garbage not yet collected, grown pools) counts against it:
 * - RSS idle after warm-up, and with N streams open at once (the bare proxy's alongside);
 * - a chat carrying a 5 MB image as an inline `data:` URL: latency against the mock itself, and
 *   the RSS peak of one request above the process's RSS just before (then of several in a row).
 */

import { setTimeout as sleep } from 'node:timers/promises';
import { sequential } from './load.js';
import { measurePeak, readMemory } from './processes.js';
import { round } from './stats.js';
import { openStreams } from './streaming.js';
import { startGateway, targetsFor } from './topology.js';
import { vendors } from './vendor-replies.js';
import { imageChatEnvelope, noisePng } from './workload.js';

/** @typedef {import('./topology.js').Topology} Topology */
/** @typedef {import('./processes.js').ServerProcess} ServerProcess */

/**
 * @typedef {object} MemorySettings
 * @property {number} openStreams
 * @property {number} imageBytes
 * @property {number} imageRequests
 * @property {number} warmUpRequests
 */

/** Lets the process settle (timers, lazy GC) before its RSS is read. */
const settleMs = 1000;

/**
 * Text chats through every vendor, so the code and the SDK clients are loaded before idle RSS.
 * @param {Topology} topology
 * @param {ServerProcess} gateway
 * @param {number} requests
 */
async function warmGateway(topology, gateway, requests) {
  for (const vendor of vendors) {
    const targets = await targetsFor(topology, { vendor }, gateway);
    await sequential(targets.gateway, requests);
  }
}

/**
 * @param {Topology} topology
 * @param {MemorySettings} settings
 * @param {(line: string) => void} log
 */
export async function measureOpenStreams(topology, settings, log) {
  const gateway = await startGateway(topology.dist, topology.mock, topology.serverCore);
  try {
    await warmGateway(topology, gateway, settings.warmUpRequests);
    await sleep(settleMs);
    const idle = readMemory(gateway.pid).rssMB;
    const proxyIdle = readMemory(topology.proxy.pid).rssMB;
    const targets = await targetsFor(topology, { vendor: 'openai', scenario: 'hold' }, gateway);
    log(`memory: ${settings.openStreams} open streams through the gateway`);
    const gatewayStreams = await holdStreams(targets.gateway, gateway.pid, settings.openStreams);
    log(`memory: ${settings.openStreams} open streams through the bare proxy`);
    const proxyStreams = await holdStreams(targets.proxy, topology.proxy.pid, settings.openStreams);
    return {
      streams: settings.openStreams,
      gateway: { idleMB: idle, ...gatewayStreams },
      proxy: { idleMB: proxyIdle, ...proxyStreams },
    };
  } finally {
    await gateway.stop();
  }
}

/**
 * @param {import('./load.js').Target} target
 * @param {number} pid
 * @param {number} count
 */
async function holdStreams(target, pid, count) {
  const { result: held, peakMB } = await measurePeak(pid, async () => {
    const streams = await openStreams(target, count);
    await sleep(settleMs);
    return streams;
  });
  const openMB = readMemory(pid).rssMB;
  held.close();
  await sleep(200);
  return { openMB, peakMB };
}

/**
 * @param {Topology} topology
 * @param {MemorySettings} settings
 * @param {(line: string) => void} log
 */
export async function measureLargeImage(topology, settings, log) {
  const png = noisePng(settings.imageBytes);
  const dataUrl = `data:image/png;base64,${png.toString('base64')}`;
  /** @type {Record<string, unknown>} */
  const byVendor = {};
  // Anthropic is left out: its API takes at most 5 MiB of base64 per image (3.75 MiB of bytes).
  for (const vendor of /** @type {const} */ (['openai', 'gemini'])) {
    const gateway = await startGateway(topology.dist, topology.mock, topology.serverCore);
    try {
      await warmGateway(topology, gateway, settings.warmUpRequests);
      const targets = await targetsFor(
        topology,
        { vendor, envelope: (alias, extra) => imageChatEnvelope(alias, dataUrl, extra) },
        gateway,
      );
      log(`memory: ${vendor} with a ${png.length}-byte image, ${settings.imageRequests} requests each way`);
      const direct = await sequential(targets.direct, settings.imageRequests);
      await sleep(settleMs);
      // The target is per request: the first one, on a settled process, is measured alone.
      const first = await measurePeak(gateway.pid, () => sequential(targets.gateway, 1));
      const run = await measurePeak(gateway.pid, () => sequential(targets.gateway, settings.imageRequests));
      const extraMB = round(first.peakMB - first.beforeMB, 1);
      byVendor[vendor] = {
        direct,
        gateway: run.result,
        addedP50Ms: round(run.result.p50 - direct.p50),
        beforeMB: first.beforeMB,
        peakMB: first.peakMB,
        extraMB,
        extraToImage: round((extraMB * 1e6) / png.length, 2),
        // Back-to-back requests: garbage from one may still be held when the next arrives.
        sequentialPeakMB: Math.max(first.peakMB, run.peakMB),
      };
    } finally {
      await gateway.stop();
    }
  }
  return { imageBytes: png.length, envelopeBytes: dataUrl.length, requests: settings.imageRequests, byVendor };
}
