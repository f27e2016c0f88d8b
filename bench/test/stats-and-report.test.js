// The arithmetic the bench's verdicts rest on: percentiles, added latency, the targets table.
// Run with `node --test bench/test/`.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkTargets, renderTables } from '../lib/report.js';
import { addedLatency, median, percentile, round, summarise } from '../lib/stats.js';

describe('percentile', () => {
  const sorted = Float64Array.from({ length: 100 }, (_value, index) => index + 1);

  it('takes the nearest rank', () => {
    assert.equal(percentile(sorted, 0.5), 50);
    assert.equal(percentile(sorted, 0.99), 99);
    assert.equal(percentile(sorted, 1), 100);
    assert.equal(percentile(sorted, 0), 1);
  });

  it('is NaN for no values', () => {
    assert.ok(Number.isNaN(percentile([], 0.5)));
  });
});

describe('summarise', () => {
  it('sorts before ranking and rounds to microseconds', () => {
    const summary = summarise([3.00049, 1, 2, 4, 5]);
    assert.deepEqual(summary, { count: 5, mean: 3, p50: 3, p90: 5, p99: 5, max: 5 });
  });

  it('keeps sub-millisecond resolution', () => {
    assert.equal(summarise([0.1234, 0.2345, 0.3456]).p50, 0.235);
  });
});

describe('addedLatency', () => {
  it('subtracts the baseline percentile by percentile', () => {
    const baseline = summarise([1, 1.1, 1.2, 1.3, 5]);
    const target = summarise([1.4, 1.5, 1.6, 1.7, 7]);
    assert.deepEqual(addedLatency(target, baseline), { p50: 0.4, p99: 2 });
  });
});

describe('median and round', () => {
  it('work on unsorted input and keep non-finite values', () => {
    assert.equal(median([5, 1, 3]), 3);
    assert.equal(round(1.23456, 2), 1.23);
    assert.ok(Number.isNaN(round(Number.NaN)));
  });
});

/** Results shaped as run.js writes them, with every target just reached or just missed. */
function results({ reached }) {
  const added = reached ? { p50: 0.5, p99: 2 } : { p50: 0.51, p99: 2 };
  const load = (p50) => ({ latency: summarise([p50]), requestsPerSecond: 100, failures: 0, added, cpuMsPerRequest: p50 / 2 });
  const mode = { direct: load(1), proxy: load(1.1), gateway: load(1.5) };
  return {
    machine: { cpuModel: 'Test CPU', cores: 2, node: 'v20', date: 'today', loadAverageAtStart: '0', layout: 'none' },
    latency: { openai: { concurrencyOne: mode, fixedRate: mode } },
    throughput: {
      connections: 32,
      direct: { requestsPerSecond: 9000 },
      byVendor: {
        openai: {
          proxy: { requestsPerSecond: 5000, cpuMsPerRequest: 0.1 },
          gateway: { requestsPerSecond: 3000, cpuMsPerRequest: 0.2 },
          gatewayToProxy: reached ? 0.6 : 0.59,
          cpuGatewayToProxy: 0.5,
        },
      },
    },
    streaming: {
      openai: {
        firstByte: { direct: summarise([1]), proxy: { latency: summarise([1.1]), added }, gateway: { latency: summarise([1.5]), added: reached ? { p50: 1, p99: 3 } : { p50: 1.01, p99: 3 } } },
        relay: { direct: { eventsPerSecond: 3 }, proxy: { eventsPerSecond: 2 }, gateway: { eventsPerSecond: 1 }, gatewayToProxy: 0.5 },
      },
    },
    openStreams: { streams: 200, gateway: { idleMB: 100, openMB: reached ? 150 : 150.1, peakMB: 151 }, proxy: { idleMB: 40, openMB: 50, peakMB: 51 } },
    largeImage: {
      imageBytes: 5e6,
      requests: 5,
      byVendor: {
        openai: {
          direct: summarise([30]),
          gateway: { ...summarise([60]), cpuMsPerRequest: 40 },
          addedP50Ms: 30,
          beforeMB: 100,
          peakMB: 120,
          extraMB: 20,
          extraToImage: reached ? 4.99 : 5,
          sequentialPeakMB: 130,
        },
      },
    },
    conversion: [{ provider: 'openai', prepareMs: summarise([0.01]), preparesPerSecond: 100000, serialiseMs: summarise([0.3]), bodyBytes: 100000 }],
  };
}

describe('checkTargets', () => {
  it('passes every target at its limit', () => {
    const checks = checkTargets(results({ reached: true }));
    assert.equal(checks.length, 5);
    assert.deepEqual(
      checks.filter((check) => !check.reached),
      [],
    );
  });

  it('fails every target just past its limit', () => {
    const checks = checkTargets(results({ reached: false }));
    assert.equal(checks.filter((check) => check.reached).length, 0);
  });
});

describe('renderTables', () => {
  it('prints every section as a Markdown table with the numbers', () => {
    const markdown = renderTables(results({ reached: false }));
    for (const heading of ['Added latency', 'Maximum throughput', 'Streaming', 'open streams', 'inline data: URL', 'prepare()', 'Targets']) {
      assert.match(markdown, new RegExp(heading.replace(/[()]/g, '\\$&')));
    }
    assert.match(markdown, /\| openai \| concurrency 1 \| 1\.00 \/ 1\.00 \| \+0\.51 \/ \+2\.00 \| \+0\.51 \/ \+2\.00 \| 100 \| 0\.55 \/ 0\.75 \| 0 \|/);
    assert.match(markdown, /\| openai \| 5000 \| 3000 \| 0\.59 \| 0\.10 \/ 0\.20 \| 0\.50 \|/);
    assert.match(markdown, /\| openai \| 30\.0 \| 60\.0 \| \+30\.0 \| 40 \| 100\.0 -> 120\.0 \| 20\.0 \(5\.00 x\) \| 130\.0 \|/);
    assert.match(markdown, /\*\*no\*\*/);
  });
});
