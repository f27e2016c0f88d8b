/**
 * Profiles the gateway under load: starts the mock vendor and a gateway with `--cpu-prof`,
 * drives one workload with autocannon, stops the gateway (which writes the profile) and prints
 * where the CPU time went, by function and by package.
 *
 *   node bench/profile.js [--vendor openai|anthropic|gemini] [--workload text|stream|long|image]
 *                         [--seconds 10] [--connections 8] [--dist dist]
 *
 * The raw `.cpuprofile` (open it in Chrome DevTools, Performance tab) stays in a temporary
 * directory whose path is printed; the summary goes to bench/results/profile-<workload>-<vendor>.json.
 */

import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { summariseProfile } from './lib/cpu-profile.js';
import { closedLoop, warmUp } from './lib/load.js';
import { coreLayout, pinSelf, startServer } from './lib/processes.js';
import { startGateway, targetsFor } from './lib/topology.js';
import { imageChatEnvelope, noisePng } from './lib/workload.js';

const repository = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { values: flags } = parseArgs({
  options: {
    vendor: { type: 'string', default: 'openai' },
    workload: { type: 'string', default: 'text' },
    seconds: { type: 'string', default: '10' },
    connections: { type: 'string', default: '8' },
    dist: { type: 'string', default: process.env.BENCH_DIST ?? resolve(repository, 'dist') },
  },
});
const vendor = /** @type {import('./lib/vendor-replies.js').Vendor} */ (flags.vendor);
if (!['openai', 'anthropic', 'gemini'].includes(vendor)) throw new Error(`unknown vendor ${vendor}`);
if (!['text', 'stream', 'long', 'image'].includes(flags.workload)) throw new Error(`unknown workload ${flags.workload}`);

const layout = coreLayout();
pinSelf(layout.loadCore);
const profileDirectory = mkdtempSync(join(tmpdir(), 'foundry-gateway-profile-'));
const mock = await startServer('mock', { latencyMs: 1, longStreamEvents: 1000 }, { core: layout.loadCore });
// The dry runs that build the targets go to a gateway of their own, so the profiled one sees
// nothing but the measured load.
const helper = await startGateway(flags.dist, mock, layout.loadCore);
const profiled = await startGateway(flags.dist, mock, layout.serverCore, [
  '--cpu-prof',
  `--cpu-prof-dir=${profileDirectory}`,
]);
// No bare proxy here: only the gateway target is used, so the mock stands in for it.
const topology = { mock, proxy: mock, gateway: helper, dist: flags.dist, serverCore: layout.serverCore };
const monotonicMicros = () => Number(process.hrtime.bigint() / 1000n);
const measured = { fromMicros: 0, toMicros: 0 };
try {
  const imageUrl = flags.workload === 'image' ? `data:image/png;base64,${noisePng(5_000_000).toString('base64')}` : '';
  const workload =
    flags.workload === 'image'
      ? {
          vendor,
          envelope: (/** @type {string} */ alias, /** @type {Record<string, unknown>} */ extra) => imageChatEnvelope(alias, imageUrl, extra),
        }
      : flags.workload === 'long'
        ? { vendor, scenario: /** @type {const} */ ('long') }
        : { vendor, stream: flags.workload === 'stream' };
  const { gateway: target } = await targetsFor(topology, workload, profiled);
  const connections = flags.workload === 'image' ? 1 : Number(flags.connections);
  await warmUp(target, 2, connections);
  process.stderr.write(`profiling ${flags.workload} via ${vendor}: ${connections} connections for ${flags.seconds} s\n`);
  measured.fromMicros = monotonicMicros();
  const result = await closedLoop(target, { connections, durationSeconds: Number(flags.seconds) });
  measured.toMicros = monotonicMicros();
  process.stderr.write(`${result.requestsPerSecond} req/s, p50 ${result.latency.p50} ms, ${result.failures} failed\n`);
} finally {
  await profiled.stop();
  await helper.stop();
  await mock.stop();
}

const file = readdirSync(profileDirectory).find((name) => name.endsWith('.cpuprofile'));
if (file === undefined) throw new Error(`no profile was written to ${profileDirectory}`);
// Only the measured load counts: start-up (module compilation) and warm-up are left out.
const summary = summariseProfile(JSON.parse(readFileSync(join(profileDirectory, file), 'utf8')), { limit: 30, ...measured });
const out = resolve(repository, 'bench', 'results', `profile-${flags.workload}-${vendor}.json`);
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, `${JSON.stringify({ vendor, workload: flags.workload, date: new Date().toISOString(), ...summary }, null, 2)}\n`);

const print = (/** @type {string} */ title, /** @type {{ name: string, where: string, selfMs: number, percent: number }[]} */ rows) => {
  process.stdout.write(`\n${title}\n`);
  for (const row of rows) {
    process.stdout.write(`${row.percent.toFixed(1).padStart(5)}%  ${row.selfMs.toFixed(0).padStart(6)} ms  ${row.name}  ${row.where}\n`);
  }
};
process.stdout.write(`\nbusy ${summary.busyMs} ms of ${summary.sampledMs} ms sampled under load; profile: ${join(profileDirectory, file)}\n`);
print('self time by package', summary.byOwner);
print('self time by function', summary.byFunction);
print('inclusive time by package (its code anywhere on the stack)', summary.inclusiveByOwner);
print("inclusive time of the gateway's own functions", summary.inclusiveGatewayFunctions);
