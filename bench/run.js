/**
 * `npm run bench`: the gateway against a bare Node proxy and the mock vendor itself, all on
 * loopback, in one run (issue 7). Prints Markdown tables and writes bench/results/latest.json.
 *
 *   node bench/run.js [--quick] [--dist <built gateway dir>] [--out <json path>] [--only <suite,...>]
 *
 * `--dist` defaults to ./dist (run `npm run build` first), or BENCH_DIST. `--quick` shortens
 * every measurement (a smoke run; its numbers are not worth keeping).
 * See docs/performance.md for the method.
 */

import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, resolve } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { measureConversions } from './lib/micro-convert.js';
import { coreLayout, pinSelf } from './lib/processes.js';
import { renderTables } from './lib/report.js';
import { measureLatency, measureThroughput } from './lib/suite-latency.js';
import { measureLargeImage, measureOpenStreams } from './lib/suite-memory.js';
import { measureStreaming } from './lib/suite-streaming.js';
import { startTopology, stopTopology } from './lib/topology.js';

const repository = resolve(dirname(fileURLToPath(import.meta.url)), '..');

const { values: flags } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    dist: { type: 'string', default: process.env.BENCH_DIST ?? resolve(repository, 'dist') },
    out: { type: 'string', default: resolve(repository, 'bench', 'results', 'latest.json') },
    only: { type: 'string' },
  },
});

/** Every suite, in the order a full run takes them; `--only a,b` runs a subset (for iterating). */
const suiteNames = ['latency', 'throughput', 'streaming', 'open-streams', 'image', 'conversion'];
const chosen = new Set(flags.only === undefined ? suiteNames : flags.only.split(','));
for (const name of chosen) {
  if (!suiteNames.includes(name)) throw new Error(`--only: unknown suite ${name} (suites: ${suiteNames.join(', ')})`);
}

/** Durations sized so a full run takes about three minutes on a 2-core machine. */
const settings = flags.quick
  ? {
      mockLatencyMs: 1,
      warmUpSeconds: 0.5,
      concurrencyOneSeconds: 1,
      fixedRate: 500,
      fixedRateSeconds: 1,
      throughputConnections: 32,
      throughputSeconds: 1,
      firstByteIterations: 30,
      firstByteWarmUp: 5,
      longStreamEvents: 2_000,
      longStreamRepetitions: 1,
      openStreams: 200,
      imageBytes: 5_000_000,
      imageRequests: 2,
      warmUpRequests: 10,
      conversionSeconds: 0.2,
    }
  : {
      mockLatencyMs: 1,
      warmUpSeconds: 1,
      concurrencyOneSeconds: 5,
      fixedRate: 500,
      fixedRateSeconds: 4,
      throughputConnections: 32,
      throughputSeconds: 5,
      firstByteIterations: 200,
      firstByteWarmUp: 30,
      longStreamEvents: 20_000,
      longStreamRepetitions: 3,
      openStreams: 200,
      imageBytes: 5_000_000,
      imageRequests: 5,
      warmUpRequests: 50,
      conversionSeconds: 1.5,
    };

const startedAt = Date.now();
/** @param {string} line */
const log = (line) => process.stderr.write(`[bench ${((Date.now() - startedAt) / 1000).toFixed(0).padStart(3)} s] ${line}\n`);

const layout = coreLayout();
if (!pinSelf(layout.loadCore) && layout.pinned) log('could not pin the load generator to its core; numbers will be noisier');
const machine = {
  cpuModel: cpus()[0]?.model ?? 'unknown',
  cores: layout.cores,
  node: process.version,
  platform: `${process.platform} ${process.arch}`,
  date: new Date().toISOString(),
  loadAverageAtStart: loadavg().map((value) => value.toFixed(2)).join(' '),
  layout: layout.pinned
    ? `load generator and mock on core ${String(layout.loadCore)}, gateway and bare proxy on core ${String(layout.serverCore)}`
    : 'no CPU pinning (fewer than 2 cores or no taskset)',
};

log(`gateway from ${flags.dist}; ${machine.layout}`);
const topology = await startTopology({
  dist: flags.dist,
  loadCore: layout.loadCore,
  serverCore: layout.serverCore,
  latencyMs: settings.mockLatencyMs,
  longStreamEvents: settings.longStreamEvents,
});

/** @type {Record<string, unknown>} */
const results = { machine, settings };
try {
  if (chosen.has('latency')) results.latency = await measureLatency(topology, settings, log);
  if (chosen.has('throughput')) results.throughput = await measureThroughput(topology, settings, log);
  if (chosen.has('streaming')) results.streaming = await measureStreaming(topology, settings, log);
  if (chosen.has('open-streams')) results.openStreams = await measureOpenStreams(topology, settings, log);
  if (chosen.has('image')) results.largeImage = await measureLargeImage(topology, settings, log);
  if (chosen.has('conversion')) {
    log('conversion micro-benchmark');
    results.conversion = await measureConversions(flags.dist, { seconds: settings.conversionSeconds });
  }
} finally {
  await stopTopology(topology);
}
machine.loadAverageAtEnd = loadavg().map((value) => value.toFixed(2)).join(' ');
results.durationSeconds = Math.round((Date.now() - startedAt) / 1000);

const tables = renderTables(/** @type {import('./lib/report.js').Results} */ (/** @type {unknown} */ (results)));
process.stdout.write(`\n${tables}\n`);
mkdirSync(dirname(flags.out), { recursive: true });
writeFileSync(flags.out, `${JSON.stringify({ ...results, tables }, null, 2)}\n`);
log(`wrote ${flags.out} (${String(results.durationSeconds)} s)`);
