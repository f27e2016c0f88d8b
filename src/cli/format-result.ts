/** The human lines `run` writes around an answer: the error with its details, and a summary. */

import type { ModelResult } from './collect-result.js';

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function formatDetail(detail: unknown): string {
  if (isPlainObject(detail) && typeof detail['path'] === 'string' && typeof detail['message'] === 'string') {
    return detail['path'] === '' ? detail['message'] : `${detail['path']}: ${detail['message']}`;
  }
  return JSON.stringify(detail);
}

/**
 * @example
 * formatError(result)
 * // "gpt-4o: error 400 invalid_request: inference_params are invalid\n  - inference_params.temperature: must be <= 2\n"
 */
export function formatError(result: ModelResult): string {
  if (result.error === undefined) return '';
  const status = result.httpStatus === 0 ? 'failed' : `error ${result.httpStatus}`;
  const lines = [`${result.model}: ${status} ${result.error.code}: ${result.error.message}`];
  for (const detail of result.error.details) lines.push(`  - ${formatDetail(detail)}`);
  return `${lines.join('\n')}\n`;
}

/** `echo (echo, echo) · 12 ms · first token 4 ms · tokens 3 in / 5 out` */
export function formatSummary(result: ModelResult): string {
  const who = result.answeredBy !== undefined && result.answeredBy !== result.model ? `${result.model} via ${result.answeredBy}` : result.model;
  // `echo (echo, echo)` says nothing twice: names equal to the alias or to each other are left out.
  const where = [...new Set([result.provider, result.upstreamModel])]
    .filter((part) => part !== undefined && part !== result.model)
    .join(', ');
  const parts = [where === '' ? who : `${who} (${where})`, `${result.latencyMs} ms`];
  if (result.timeToFirstTokenMs !== undefined) parts.push(`first token ${result.timeToFirstTokenMs} ms`);
  if (result.inputTokens !== undefined || result.outputTokens !== undefined) {
    parts.push(`tokens ${result.inputTokens ?? '-'} in / ${result.outputTokens ?? '-'} out`);
  }
  return `${parts.join(' · ')}\n`;
}
