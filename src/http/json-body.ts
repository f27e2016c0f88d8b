/**
 * The JSON body parser for every route. Small bodies are parsed as Fastify would (one string,
 * `__proto__` / `constructor.prototype` keys removed). A large body is almost always one or two
 * huge string values (a base64 image or video in a `data:` URL) in a small skeleton; `JSON.parse`
 * of the whole text would copy each huge value out of the text, and the poisoning regexes would
 * scan all of it. Here the huge values are cut out first: the skeleton is parsed with the same
 * protections, and each huge value is put back as a slice of the body text (V8 shares the
 * characters; nothing is copied unless the value has escapes to decode).
 *
 * @see https://www.rfc-editor.org/rfc/rfc8259#section-7 (strings)
 * @see https://fastify.dev/docs/latest/Reference/ContentTypeParser/
 */

import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import secureJson from 'secure-json-parse';
import { GatewayError } from '../errors.js';

export interface JsonBodyLimits {
  /** Bodies up to this many characters take the plain path (one `JSON.parse`). */
  readonly largeBody: number;
  /** String values at least this long (in characters, quotes excluded) are cut out of a large body. */
  readonly longValue: number;
}

export const defaultJsonBodyLimits: JsonBodyLimits = { largeBody: 1024 * 1024, longValue: 64 * 1024 };

const poisoning = { protoAction: 'remove', constructorAction: 'remove' } as const;

/** Replaces Fastify's `application/json` parser; body limits still apply as configured. */
export function registerJsonBodyParser(app: FastifyInstance): void {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    try {
      done(null, parseJsonBody(typeof body === 'string' ? body : body.toString('utf8')));
    } catch (error) {
      done(error instanceof Error ? error : new Error(String(error)), undefined);
    }
  });
}

/** @throws GatewayError `invalid_request` naming what is wrong: an empty body or JSON that does not parse. */
export function parseJsonBody(text: string, limits: JsonBodyLimits = defaultJsonBodyLimits): unknown {
  if (text.trim() === '') {
    throw new GatewayError('invalid_request', 'the request body is empty', { details: [{ path: '', message: 'empty body' }] });
  }
  try {
    return text.length <= limits.largeBody ? parseGuarded(text) : parseLargeBody(text, limits.longValue);
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
    throw new GatewayError('invalid_request', 'the request body is not valid JSON', {
      details: [{ path: '', message: error.message }],
      cause: error,
    });
  }
}

/**
 * secure-json-parse scans the whole text with two regexes after parsing it. They can only match
 * where the text holds `__proto__`, `constructor`, or a `\u` escape (which could spell either);
 * a text with none of those, and no byte-order mark to strip, is plain `JSON.parse` work.
 */
function parseGuarded(text: string): unknown {
  const suspect =
    text.charCodeAt(0) === 0xfeff || text.includes('__proto__') || text.includes('constructor') || text.includes('\\u');
  return suspect ? secureJson.parse(text, poisoning) : (JSON.parse(text) as unknown);
}

interface LongValue {
  /** Offsets of the string's content in the body (after the opening quote, at the closing one). */
  readonly start: number;
  readonly end: number;
}

/** The closing quote of the string whose content starts at `from`, or -1 when it never closes. */
function closingQuote(text: string, from: number): number {
  for (let position = text.indexOf('"', from); position !== -1; position = text.indexOf('"', position + 1)) {
    let backslashes = 0;
    while (position - 1 - backslashes >= from && text.charCodeAt(position - 1 - backslashes) === 0x5c) backslashes += 1;
    if (backslashes % 2 === 0) return position;
  }
  return -1;
}

/** Whether the next character from `from` that is not JSON whitespace is a colon (the string was a key). */
function followedByColon(text: string, from: number): boolean {
  for (let position = from; position < text.length; position++) {
    const code = text.charCodeAt(position);
    if (code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d) continue;
    return code === 0x3a;
  }
  return false;
}

/**
 * Outside strings JSON has no quotes, so the body alternates between structure and strings
 * found by searching for quotes (a native scan, not a character loop in JavaScript).
 */
function findLongValues(text: string, longValue: number): LongValue[] {
  const values: LongValue[] = [];
  let position = text.indexOf('"', 0);
  while (position !== -1) {
    const start = position + 1;
    const end = closingQuote(text, start);
    if (end === -1) break; // unterminated: JSON.parse of the skeleton reports it
    if (end - start >= longValue && !followedByColon(text, end + 1)) values.push({ start, end });
    position = text.indexOf('"', end + 1);
  }
  return values;
}

/**
 * One value's content decoded as `JSON.parse` would. Without a backslash the content is its
 * own text (RFC 8259 strings escape only with backslashes). Raw control characters, which strict
 * JSON refuses inside strings, are let through here: checking would cost a character loop over
 * megabytes, and they harm nothing downstream.
 */
function decodeValue(text: string, value: LongValue): string {
  const backslashAt = text.indexOf('\\', value.start);
  if (backslashAt === -1 || backslashAt >= value.end) return text.slice(value.start, value.end);
  return JSON.parse(text.slice(value.start - 1, value.end + 1)) as string;
}

function parseLargeBody(text: string, longValue: number): unknown {
  const values = findLongValues(text, longValue);
  if (values.length === 0) return parseGuarded(text);
  // A stand-in nobody can write in advance: a nonce per request.
  const tag = `\u0000${randomBytes(9).toString('base64')}:`;
  const pieces: string[] = [];
  let copiedUpTo = 0;
  values.forEach((value, index) => {
    pieces.push(text.slice(copiedUpTo, value.start), JSON.stringify(`${tag}${String(index)}`).slice(1, -1));
    copiedUpTo = value.end;
  });
  pieces.push(text.slice(copiedUpTo));
  const skeleton: unknown = secureJson.parse(pieces.join(''), poisoning);
  return restoreLongValues(skeleton, tag, (index) => {
    const value = values[index];
    return value === undefined ? undefined : decodeValue(text, value);
  });
}

/** Puts each long value back where its stand-in is; the walk visits containers only. */
function restoreLongValues(root: unknown, tag: string, valueAt: (index: number) => string | undefined): unknown {
  const standIn = (candidate: unknown): string | undefined => {
    if (typeof candidate !== 'string' || !candidate.startsWith(tag)) return undefined;
    return valueAt(Number(candidate.slice(tag.length)));
  };
  const rootValue = standIn(root);
  if (rootValue !== undefined) return rootValue;
  const pending: unknown[] = [root];
  for (let container = pending.pop(); container !== undefined; container = pending.pop()) {
    if (typeof container !== 'object' || container === null) continue;
    const record = container as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      const child = record[key];
      const restored = standIn(child);
      if (restored !== undefined) record[key] = restored;
      else if (typeof child === 'object' && child !== null) pending.push(child);
    }
  }
  return root;
}
