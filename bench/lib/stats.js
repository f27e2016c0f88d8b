/**
 * Latency arithmetic for the benchmark. Latencies are kept as raw fractional milliseconds (not
 * autocannon's histogram, which rounds to whole milliseconds: too coarse for a 0.5 ms target),
 * so percentiles here are exact nearest-rank values over every recorded request.
 */

/**
 * Nearest-rank percentile of an ascending array.
 * @param {readonly number[] | Float64Array} sorted ascending values
 * @param {number} fraction 0..1 (0.99 for p99)
 * @returns {number} NaN for an empty array
 */
export function percentile(sorted, fraction) {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil(fraction * sorted.length);
  const index = Math.min(sorted.length - 1, Math.max(0, rank - 1));
  return sorted[index] ?? Number.NaN;
}

/**
 * @typedef {object} LatencySummary
 * @property {number} count
 * @property {number} mean
 * @property {number} p50
 * @property {number} p90
 * @property {number} p99
 * @property {number} max
 */

/**
 * @param {Iterable<number>} values milliseconds, any order
 * @returns {LatencySummary}
 */
export function summarise(values) {
  const sorted = Float64Array.from(values).sort();
  let total = 0;
  for (const value of sorted) total += value;
  return {
    count: sorted.length,
    mean: round(sorted.length === 0 ? Number.NaN : total / sorted.length),
    p50: round(percentile(sorted, 0.5)),
    p90: round(percentile(sorted, 0.9)),
    p99: round(percentile(sorted, 0.99)),
    max: round(sorted.length === 0 ? Number.NaN : (sorted[sorted.length - 1] ?? Number.NaN)),
  };
}

/**
 * What a hop adds over the baseline, percentile by percentile. This is the difference of the
 * two distributions' percentiles (both measured in the same run, same client), not a
 * percentile of per-request differences, which cannot be observed.
 * @param {LatencySummary} target
 * @param {LatencySummary} baseline
 * @returns {{ p50: number, p99: number }}
 */
export function addedLatency(target, baseline) {
  return { p50: round(target.p50 - baseline.p50), p99: round(target.p99 - baseline.p99) };
}

/** @param {number[]} values */
export function median(values) {
  return percentile(Float64Array.from(values).sort(), 0.5);
}

/**
 * Three decimals: microsecond resolution for milliseconds, which is all a timer on a shared
 * machine can honestly claim.
 * @param {number} value
 */
export function round(value, decimals = 3) {
  if (!Number.isFinite(value)) return value;
  const scale = 10 ** decimals;
  return Math.round(value * scale) / scale;
}
