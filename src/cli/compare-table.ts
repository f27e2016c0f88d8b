/**
 * The side-by-side view of a `compare`: one row per model with its status, latency, time to
 * first token, tokens and the answer (or the error), the answer wrapped into the space the
 * terminal leaves and cut with an ellipsis after a few lines (`--json` has it whole).
 */

import type { ModelResult } from './collect-result.js';

export interface TableOptions {
  /** Total width to fit, usually the terminal's columns. */
  readonly width: number;
  /** Lines an answer may take before it is cut. */
  readonly maxAnswerLines: number;
}

export const defaultTableOptions: TableOptions = { width: 120, maxAnswerLines: 3 };

const gap = '  ';
const ellipsis = '…';
const narrowestAnswer = 20;

/** Length in code points, so an accented letter or an emoji counts once. */
function displayLength(text: string): number {
  return Array.from(text).length;
}

/** Ends `line` with `…` without going over `width` (the last character makes room when full). */
function withEllipsis(line: string, width: number): string {
  const characters = Array.from(line);
  return `${characters.slice(0, Math.max(0, Math.min(characters.length, width - 1))).join('')}${ellipsis}`;
}

function splitEvery(word: string, width: number): string[] {
  const characters = Array.from(word);
  const pieces: string[] = [];
  for (let start = 0; start < characters.length; start += width) pieces.push(characters.slice(start, start + width).join(''));
  return pieces;
}

/**
 * Word-wraps `text` (whitespace, newlines included, collapsed) into at most `maxLines` lines of
 * at most `width` characters; a word longer than a line is split, and text that does not fit
 * ends in `…`.
 */
export function wrapText(text: string, width: number, maxLines: number): string[] {
  const lineWidth = Math.max(1, width);
  const lineCount = Math.max(1, maxLines);
  // A word longer than a whole line (a URL, base64) is split into line-sized pieces first.
  const pieces = text
    .split(/\s+/)
    .filter((word) => word !== '')
    .flatMap((word) => splitEvery(word, lineWidth));
  const lines: string[] = [];
  let line = '';
  for (const piece of pieces) {
    if (line === '') line = piece;
    else if (displayLength(line) + 1 + displayLength(piece) <= lineWidth) line = `${line} ${piece}`;
    else {
      lines.push(line);
      line = piece;
    }
  }
  if (line !== '') lines.push(line);
  if (lines.length <= lineCount) return lines;
  const kept = lines.slice(0, lineCount);
  const last = kept[lineCount - 1] ?? '';
  kept[lineCount - 1] = withEllipsis(last, lineWidth);
  return kept;
}

function count(value: number | undefined): string {
  return value === undefined ? '-' : String(value);
}

function statusOf(result: ModelResult): string {
  if (!result.ok) return result.httpStatus === 0 ? 'failed' : `error ${result.httpStatus}`;
  if (result.answeredBy !== undefined && result.answeredBy !== result.model) return `ok via ${result.answeredBy}`;
  return 'ok';
}

/**
 * Control characters other than whitespace (a model may write ANSI escapes) would move the
 * cursor or recolour the terminal and break the table, so they are dropped.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const controlCharacters = /[\u0000-\u0008\u000e-\u001f\u007f-\u009f]/g;

function answerOf(result: ModelResult): string {
  const answer = result.error === undefined ? result.text : `${result.error.code}: ${result.error.message}`;
  const printable = answer.replace(controlCharacters, '');
  return printable.trim() === '' ? '(empty answer)' : printable;
}

interface Column {
  readonly title: string;
  readonly alignRight: boolean;
  readonly cell: (result: ModelResult) => string;
}

const fixedColumns: readonly Column[] = [
  { title: 'model', alignRight: false, cell: (result) => result.model },
  { title: 'provider', alignRight: false, cell: (result) => result.provider ?? '-' },
  { title: 'status', alignRight: false, cell: statusOf },
  { title: 'latency ms', alignRight: true, cell: (result) => String(result.latencyMs) },
  { title: 'first token ms', alignRight: true, cell: (result) => count(result.timeToFirstTokenMs) },
  { title: 'tokens in/out', alignRight: true, cell: (result) => `${count(result.inputTokens)}/${count(result.outputTokens)}` },
];

function pad(text: string, width: number, alignRight: boolean): string {
  const filler = ' '.repeat(Math.max(0, width - displayLength(text)));
  return alignRight ? `${filler}${text}` : `${text}${filler}`;
}

/**
 * @example
 * process.stdout.write(renderCompareTable(results, { width: process.stdout.columns ?? 120, maxAnswerLines: 3 }));
 */
export function renderCompareTable(results: readonly ModelResult[], options: TableOptions = defaultTableOptions): string {
  const cells = results.map((result) => fixedColumns.map((column) => column.cell(result)));
  const widths = fixedColumns.map((column, index) =>
    Math.max(displayLength(column.title), ...cells.map((row) => displayLength(row[index] ?? ''))),
  );
  const used = widths.reduce((sum, width) => sum + width + gap.length, 0);
  const answerWidth = Math.max(narrowestAnswer, options.width - used);
  const line = (values: readonly string[], answer: string): string =>
    [...fixedColumns.map((column, index) => pad(values[index] ?? '', widths[index] ?? 0, column.alignRight)), answer].join(gap).trimEnd();

  const answers = results.map((result) => wrapText(answerOf(result), answerWidth, options.maxAnswerLines));
  const answerRule = '-'.repeat(Math.max(displayLength('answer'), ...answers.flat().map(displayLength)));

  const output = [line(fixedColumns.map((column) => column.title), 'answer'), line(widths.map((width) => '-'.repeat(width)), answerRule)];
  results.forEach((_result, index) => {
    const [first = '', ...more] = answers[index] ?? [];
    output.push(line(cells[index] ?? [], first));
    for (const continuation of more) output.push(line(widths.map(() => ''), continuation));
  });
  return `${output.join('\n')}\n`;
}
