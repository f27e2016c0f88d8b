/**
 * The three servers of a bench run and the three ways to reach the mock through them:
 * `direct` (the mock itself: the baseline), `proxy` (the bare pass-through) and `gateway`.
 * For every workload the three targets carry the same vendor-native bytes to the mock; the
 * gateway's come from its own `dry_run` answer for the envelope it is sent.
 */

import { readFileSync } from 'node:fs';
import process from 'node:process';
import { request } from 'undici';
import { startServer } from './processes.js';
import {
  gatewayConfig,
  modelAlias,
  nativePath,
  streamedNativeBody,
  textChatEnvelope,
} from './workload.js';

/** @typedef {import('./vendor-replies.js').Vendor} Vendor */
/** @typedef {import('./mock-vendor.js').Scenario} Scenario */
/** @typedef {import('./load.js').Target} Target */
/** @typedef {import('./processes.js').ServerProcess} ServerProcess */

/**
 * @typedef {object} Topology
 * @property {ServerProcess} mock
 * @property {ServerProcess} proxy
 * @property {ServerProcess} gateway
 * @property {string} dist
 * @property {number | undefined} serverCore
 */

/**
 * @param {{ dist: string, loadCore: number | undefined, serverCore: number | undefined, latencyMs: number, longStreamEvents: number, gatewayNodeFlags?: readonly string[] }} options
 * @returns {Promise<Topology>}
 */
export async function startTopology(options) {
  const mock = await startServer(
    'mock',
    { latencyMs: options.latencyMs, longStreamEvents: options.longStreamEvents },
    { core: options.loadCore },
  );
  const proxy = await startServer('proxy', { host: '127.0.0.1', port: mock.port }, { core: options.serverCore });
  const gateway = await startGateway(options.dist, mock, options.serverCore, options.gatewayNodeFlags);
  return { mock, proxy, gateway, dist: options.dist, serverCore: options.serverCore };
}

/**
 * A gateway process of its own (the memory measurements want a fresh one).
 * @param {string} dist
 * @param {ServerProcess} mock
 * @param {number | undefined} core
 * @param {readonly string[]} [nodeFlags]
 */
export function startGateway(dist, mock, core, nodeFlags = []) {
  return startServer('gateway', { dist, config: gatewayConfig(mock.origin) }, { core, nodeFlags: [...gatewayNodeFlags, ...nodeFlags] });
}

/**
 * Node flags for every gateway process: the ones `npm start` ships with (the gateway is measured
 * as it is deployed), then BENCH_GATEWAY_NODE_FLAGS (space-separated) for trying other runtime
 * settings without editing the bench; a later flag wins.
 */
const gatewayNodeFlags = [
  ...shippedNodeFlags(),
  ...(process.env.BENCH_GATEWAY_NODE_FLAGS ?? '').split(' ').filter((flag) => flag !== ''),
];

/**
 * The `--flags` between `node` and the script in package.json's `start`.
 * @returns {string[]}
 */
export function shippedNodeFlags() {
  const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
  const words = String(manifest.scripts?.start ?? '').split(/\s+/);
  if (words[0] !== 'node') return [];
  const flags = [];
  for (const word of words.slice(1)) {
    if (!word.startsWith('--')) break;
    flags.push(word);
  }
  return flags;
}

/**
 * @param {ServerProcess} gateway
 * @param {Record<string, unknown>} envelope with `inference_params.dry_run: true`
 * @returns {Promise<Record<string, unknown>>} the vendor-native body the gateway would send
 */
async function dryRun(gateway, envelope) {
  const answer = await request(`${gateway.origin}/run_direct`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(envelope),
  });
  const text = await answer.body.text();
  if (answer.statusCode !== 200) throw new Error(`dry_run answered ${answer.statusCode}: ${text.slice(0, 500)}`);
  return JSON.parse(text).request;
}

/**
 * @typedef {object} TargetSet
 * @property {Target} direct
 * @property {Target} proxy
 * @property {Target} gateway
 */

/**
 * The targets for one vendor, one scenario and one envelope.
 * @param {Topology} topology
 * @param {{ vendor: Vendor, scenario?: Scenario, stream?: boolean, envelope?: (alias: string, extra: Record<string, unknown>) => Record<string, unknown> }} workload
 *   `envelope` defaults to the 1 KB text chat
 * @param {ServerProcess} [gateway] another gateway process to target than the topology's (the
 *   `dry_run` still goes to the topology's, so the other one does no work before it is measured)
 * @returns {Promise<TargetSet>}
 */
export async function targetsFor(topology, workload, gateway = topology.gateway) {
  const scenario = workload.scenario ?? 'json';
  const stream = workload.stream ?? scenario !== 'json';
  const envelope = workload.envelope ?? textChatEnvelope;
  const alias = modelAlias(workload.vendor, scenario);
  const native = await dryRun(topology.gateway, envelope(alias, { dry_run: true }));
  const nativeBody = JSON.stringify(stream ? streamedNativeBody(workload.vendor, native) : native);
  const path = nativePath(workload.vendor, scenario, stream);
  return {
    direct: { origin: topology.mock.origin, path, body: nativeBody, pid: topology.mock.pid },
    proxy: { origin: topology.proxy.origin, path, body: nativeBody, pid: topology.proxy.pid },
    gateway: {
      origin: gateway.origin,
      pid: gateway.pid,
      path: '/run_direct',
      body: JSON.stringify(envelope(alias, stream ? { stream: true } : {})),
    },
  };
}

/** @param {Topology} topology */
export async function stopTopology(topology) {
  await Promise.all([topology.gateway.stop(), topology.proxy.stop()]);
  await topology.mock.stop();
}
