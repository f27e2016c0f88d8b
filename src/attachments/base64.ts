/**
 * Strict base64 and `data:` URL reading. Lenient decoders (Node's included) skip characters they
 * do not know, so a truncated or mangled upload would reach the vendor as garbage bytes; here it
 * is refused instead. The validated base64 text is kept (not decoded and re-encoded), because
 * base64 is what vendors want.
 *
 * @see https://www.rfc-editor.org/rfc/rfc4648#section-4 (alphabet and padding)
 * @see https://fetch.spec.whatwg.org/#data-urls (data: URL syntax)
 */

import { InlineData } from '../conversation/inline-data.js';
import { normaliseMimeType } from './media-types.js';

/** Finds the first character outside the alphabet; much faster than an anchored whole-string match. */
const outsideAlphabet = /[^A-Za-z0-9+/]/;
/** Line breaks and spaces, which MIME-style encoders insert and RFC 4648 readers may ignore. */
const whitespace = /[\t\n\f\r ]+/g;
const hasWhitespace = /[\t\n\f\r ]/;

/**
 * Checks `text` is standard base64 (whitespace ignored, padding optional but never misplaced)
 * and wraps it without decoding. Returns undefined when it is not valid or decodes to nothing.
 */
export function decodeBase64Strict(text: string): InlineData | undefined {
  // Most uploads have no line breaks: skip building a second multi-megabyte string for them.
  const compact = hasWhitespace.test(text) ? text.replace(whitespace, '') : text;
  const firstPad = compact.indexOf('=');
  const body = firstPad < 0 ? compact : compact.slice(0, firstPad);
  const padding = firstPad < 0 ? '' : compact.slice(firstPad);
  if (body.length === 0 || outsideAlphabet.test(body)) return undefined;
  if (padding !== '' && padding !== '=' && padding !== '==') return undefined;
  // A final group of one character cannot encode a whole byte.
  if (body.length % 4 === 1) return undefined;
  const neededPadding = (4 - (body.length % 4)) % 4;
  if (padding !== '' && padding.length !== neededPadding) return undefined;
  return InlineData.fromBase64(padding === '' && neededPadding > 0 ? body + '='.repeat(neededPadding) : compact);
}

export interface DataUrl {
  /** The MIME type written in the URL, normalised; undefined when absent. */
  readonly mimeType: string | undefined;
  readonly data: InlineData;
}

/**
 * Reads `data:[<mime>][;param]*[;base64],<data>`. Returns undefined when the URL is malformed or
 * its base64 is invalid; the caller names the part in the 400.
 */
export function parseDataUrl(url: string): DataUrl | undefined {
  if (!/^data:/i.test(url)) return undefined;
  const comma = url.indexOf(',');
  if (comma < 0) return undefined;
  const header = url.slice('data:'.length, comma);
  const payload = url.slice(comma + 1);
  const parameters = header.split(';').map((parameter) => parameter.trim());
  const isBase64 = parameters.length > 1 && parameters[parameters.length - 1]?.toLowerCase() === 'base64';
  const mimeType = normaliseMimeType(parameters[0]);
  if (isBase64) {
    const data = decodeBase64Strict(payload);
    if (data === undefined) return undefined;
    // The same string when nothing was stripped or padded (compared by identity first: O(1)).
    return { mimeType, data: data.base64() === payload ? data.keepSourceDataUrl(url) : data };
  }
  const bytes = percentDecode(payload);
  if (bytes === undefined || bytes.byteLength === 0) return undefined;
  return { mimeType, data: InlineData.fromBytes(bytes) };
}

/** Percent-decoding to bytes (not to a string: the payload may be binary). */
function percentDecode(payload: string): Buffer | undefined {
  const pieces: Buffer[] = [];
  let plainStart = 0;
  for (let position = payload.indexOf('%'); position >= 0; position = payload.indexOf('%', position + 1)) {
    const hex = payload.slice(position + 1, position + 3);
    if (!/^[0-9A-Fa-f]{2}$/.test(hex)) return undefined;
    pieces.push(Buffer.from(payload.slice(plainStart, position), 'utf8'), Buffer.from([Number.parseInt(hex, 16)]));
    plainStart = position + 3;
    position += 2;
  }
  pieces.push(Buffer.from(payload.slice(plainStart), 'utf8'));
  return Buffer.concat(pieces);
}
