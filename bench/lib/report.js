/**
 * The results as Markdown tables (printed, and pasted into docs/performance.md as they are) and
 * the targets checked against the same run's numbers.
 */

/**
 * @typedef {object} Results
 * @property {Record<string, unknown>} machine
 * @property {Record<string, object>} latency
 * @property {Record<string, object>} throughput
 * @property {Record<string, object>} streaming
 * @property {Record<string, object>} openStreams
 * @property {Record<string, object>} largeImage
 * @property {object[]} conversion
 */

/**
 * @param {unknown} value
 * @param {number} [decimals]
 */
function format(value, decimals = 2) {
  if (typeof value !== 'number' || !Number.isFinite(value)) return 'n/a';
  return value.toFixed(decimals);
}

/** @param {unknown} value */
function signed(value, decimals = 2) {
  if (typeof value !== 'number' || !Number.isFinite(value)) return 'n/a';
  return `${value >= 0 ? '+' : ''}${value.toFixed(decimals)}`;
}

/**
 * @param {string[]} header
 * @param {string[][]} rows
 */
function table(header, rows) {
  const line = (/** @type {string[]} */ cells) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

/**
 * The targets; every one is checked per vendor where it applies.
 * @param {Results} results
 * @returns {{ target: string, reached: boolean, measured: string }[]}
 */
export function checkTargets(results) {
  const checks = [];
  for (const [vendor, modes] of Object.entries(results.latency ?? {})) {
    const added = modes.concurrencyOne?.gateway?.added;
    checks.push({
      target: `${vendor}: added latency at concurrency 1, p50 <= 0.5 ms and p99 <= 2 ms`,
      reached: added !== undefined && added.p50 <= 0.5 && added.p99 <= 2,
      measured: `p50 ${signed(added?.p50)} ms, p99 ${signed(added?.p99)} ms`,
    });
  }
  for (const [vendor, result] of Object.entries(results.throughput?.byVendor ?? {})) {
    checks.push({
      target: `${vendor}: throughput >= 0.6 x bare proxy`,
      reached: result.gatewayToProxy >= 0.6,
      measured: `${format(result.gatewayToProxy)} x`,
    });
  }
  for (const [vendor, result] of Object.entries(results.streaming ?? {})) {
    const added = result.firstByte?.gateway?.added;
    checks.push({
      target: `${vendor}: streaming first-byte overhead <= 1 ms (p50)`,
      reached: added !== undefined && added.p50 <= 1,
      measured: `p50 ${signed(added?.p50)} ms, p99 ${signed(added?.p99)} ms`,
    });
  }
  const streams = results.openStreams;
  if (streams !== undefined) {
    checks.push({
      target: `RSS <= 150 MB with ${streams.streams} open streams`,
      reached: streams.gateway.openMB <= 150,
      measured: `${format(streams.gateway.openMB, 1)} MB`,
    });
  }
  for (const [vendor, result] of Object.entries(results.largeImage?.byVendor ?? {})) {
    checks.push({
      target: `${vendor}: 5 MB image peaks below 5 x its size extra`,
      reached: result.extraToImage < 5,
      measured: `${format(result.extraMB, 1)} MB extra = ${format(result.extraToImage)} x`,
    });
  }
  return checks;
}

/**
 * @param {Results} results
 * @returns {string} Markdown
 */
export function renderTables(results) {
  const sections = [];
  const machine = results.machine;
  sections.push(
    `Machine: ${String(machine.cpuModel)}, ${String(machine.cores)} cores, Node ${String(machine.node)}, ` +
      `${String(machine.date)}, load average at start ${String(machine.loadAverageAtStart)}, ${String(machine.layout)}`,
  );

  if (results.latency !== undefined) {
    const rows = [];
    for (const [vendor, modes] of Object.entries(results.latency)) {
      for (const [mode, label] of [['concurrencyOne', 'concurrency 1'], ['fixedRate', 'fixed rate']]) {
        const result = modes[mode];
        const failures = result.direct.failures + result.proxy.failures + result.gateway.failures;
        rows.push([
          vendor,
          label,
          `${format(result.direct.latency.p50)} / ${format(result.direct.latency.p99)}`,
          `${signed(result.proxy.added.p50)} / ${signed(result.proxy.added.p99)}`,
          `${signed(result.gateway.added.p50)} / ${signed(result.gateway.added.p99)}`,
          `${String(result.gateway.requestsPerSecond)}`,
          `${format(result.proxy.cpuMsPerRequest)} / ${format(result.gateway.cpuMsPerRequest)}`,
          String(failures),
        ]);
      }
    }
    sections.push(
      '### Added latency, non-streamed 1 KB text chat (ms)\n\n' +
        table(
          ['vendor', 'load', 'mock direct p50 / p99', 'bare proxy added p50 / p99', 'gateway added p50 / p99', 'gateway req/s', 'CPU ms/req proxy / gateway', 'failed'],
          rows,
        ),
    );
  }

  if (results.throughput !== undefined) {
    const rows = Object.entries(results.throughput.byVendor).map(([vendor, result]) => [
      vendor,
      String(result.proxy.requestsPerSecond),
      String(result.gateway.requestsPerSecond),
      format(result.gatewayToProxy),
      `${format(result.proxy.cpuMsPerRequest)} / ${format(result.gateway.cpuMsPerRequest)}`,
      format(result.cpuGatewayToProxy),
    ]);
    sections.push(
      `### Maximum throughput (${String(results.throughput.connections)} connections, req/s; the mock alone: ` +
        `${String(results.throughput.direct?.requestsPerSecond)})\n\n` +
        table(['vendor', 'bare proxy', 'gateway', 'gateway / proxy', 'CPU ms/req proxy / gateway', 'gateway / proxy by CPU'], rows),
    );
  }

  if (results.streaming !== undefined) {
    const rows = Object.entries(results.streaming).map(([vendor, result]) => [
      vendor,
      format(result.firstByte.direct.p50),
      `${signed(result.firstByte.proxy.added.p50)} / ${signed(result.firstByte.proxy.added.p99)}`,
      `${signed(result.firstByte.gateway.added.p50)} / ${signed(result.firstByte.gateway.added.p99)}`,
      `${String(result.relay.direct.eventsPerSecond)} / ${String(result.relay.proxy.eventsPerSecond)} / ${String(result.relay.gateway.eventsPerSecond)}`,
      format(result.relay.gatewayToProxy),
    ]);
    sections.push(
      '### Streaming (first byte in ms; long stream in events/s)\n\n' +
        table(
          ['vendor', 'mock first byte p50', 'bare proxy added p50 / p99', 'gateway added p50 / p99', 'events/s mock / proxy / gateway', 'gateway / proxy'],
          rows,
        ),
    );
  }

  if (results.openStreams !== undefined) {
    const streams = results.openStreams;
    sections.push(
      `### Memory: RSS idle and with ${String(streams.streams)} open streams (MB)\n\n` +
        table(
          ['process', 'idle', `${String(streams.streams)} streams open`, 'peak'],
          [
            ['gateway', format(streams.gateway.idleMB, 1), format(streams.gateway.openMB, 1), format(streams.gateway.peakMB, 1)],
            ['bare proxy', format(streams.proxy.idleMB, 1), format(streams.proxy.openMB, 1), format(streams.proxy.peakMB, 1)],
          ],
        ),
    );
  }

  if (results.largeImage !== undefined) {
    const image = results.largeImage;
    const rows = Object.entries(image.byVendor).map(([vendor, result]) => [
      vendor,
      format(result.direct.p50, 1),
      format(result.gateway.p50, 1),
      signed(result.addedP50Ms, 1),
      format(result.gateway.cpuMsPerRequest, 0),
      `${format(result.beforeMB, 1)} -> ${format(result.peakMB, 1)}`,
      `${format(result.extraMB, 1)} (${format(result.extraToImage)} x)`,
      format(result.sequentialPeakMB, 1),
    ]);
    sections.push(
      `### ${(image.imageBytes / 1e6).toFixed(1)} MB PNG as an inline data: URL (latency p50 in ms, RSS in MB)\n\n` +
        table(
          ['vendor', 'mock direct', 'gateway', 'added', 'gateway CPU ms/req', 'RSS before -> peak (1 request)', 'peak extra', `peak over ${String(image.requests)} more`],
          rows,
        ),
    );
  }

  if (results.conversion !== undefined) {
    const rows = results.conversion.map((timing) => [
      timing.provider,
      format(timing.prepareMs.p50 * 1000, 0),
      format(timing.prepareMs.mean * 1000, 0),
      String(timing.preparesPerSecond),
      format(timing.serialiseMs.p50 * 1000, 0),
      format(timing.bodyBytes / 1000, 0),
    ]);
    sections.push(
      '### prepare() of a 100-turn conversation with 20 images, bytes cached (µs)\n\n' +
        table(['provider', 'p50', 'mean', 'prepares/s', 'JSON.stringify p50', 'body kB'], rows),
    );
  }

  const checks = checkTargets(results);
  sections.push(
    '### Targets\n\n' +
      table(
        ['target', 'measured', 'reached'],
        checks.map((check) => [check.target, check.measured, check.reached ? 'yes' : '**no**']),
      ),
  );
  return sections.join('\n\n');
}
