/**
 * Decides what an attachment is from its bytes. `file-type` reads the magic numbers; what it
 * finds wins over the declared `mimeType`, the server's Content-Type and the file extension,
 * because those are the ones that lie (a PNG named `.jpg`). Where sniffing finds nothing, bytes
 * that are text (UTF-8, or another charset the server named, and no NULs) are a text document,
 * and the hints only choose which text type. Anything else is refused: the gateway never sends
 * bytes it cannot name.
 *
 * @see https://github.com/sindresorhus/file-type#filetypefrombufferbuffer-options
 */

import { isUtf8 } from 'node:buffer';
import { fileTypeFromBuffer } from 'file-type';
import { describeLocation, type DeclaredKind, type PartLocation } from '../conversation/conversation.js';
import { InlineData } from '../conversation/inline-data.js';
import { attachmentError } from './attachment-error.js';
import {
  charsetOf,
  isTextMimeType,
  kindOfMimeType,
  mimeTypeFromExtension,
  normaliseMimeType,
  sameKindFamily,
  type TypedKind,
} from './media-types.js';

export interface TypeHints {
  readonly declaredKind: DeclaredKind;
  /** As the sender wrote it (normalised here). */
  readonly declaredMimeType: string | undefined;
  /** The fetch response's Content-Type header, as sent. */
  readonly contentType: string | undefined;
  readonly filename: string | undefined;
  /** The path of the URL the bytes came from (for its extension). */
  readonly urlPath: string | undefined;
}

export interface TypedBytes {
  readonly kind: TypedKind;
  readonly mimeType: string;
  /** UTF-8 text to send instead of the input (text from another charset); undefined: the input as is. */
  readonly bytes: Buffer | undefined;
  /** Set when the declared type disagrees with the bytes. */
  readonly warning: string | undefined;
}

/**
 * How much of the start `file-type` is given: its detectors look at a few kilobytes at most, so
 * a large file held as base64 is never decoded just to learn its type.
 */
const sniffWindowBytes = 64 * 1024;

export async function typeAttachment(
  source: Buffer | InlineData,
  hints: TypeHints,
  location: PartLocation,
): Promise<TypedBytes> {
  if (source.byteLength === 0) throw attachmentError('unsupported_content', location, 'the attachment is empty');
  const whole = (): Buffer => (source instanceof InlineData ? source.bytes : source);
  const head = source instanceof InlineData ? source.head(sniffWindowBytes) : source;
  // A UTF-16 byte-order mark also reads as an MPEG audio frame header; real text wins.
  const fromUtf16 = utf16ByteOrderMark(head) === undefined ? undefined : utf16Text(whole());
  const sniffed = fromUtf16 === undefined ? await fileTypeFromBuffer(head) : undefined;
  let mimeType: string;
  let sendBytes: Buffer | undefined;
  if (sniffed !== undefined) {
    mimeType = normaliseMimeType(sniffed.mime) ?? sniffed.mime;
    // XHTML sniffs as XML; the sender's word decides between the two textual readings.
    if (mimeType === 'application/xml' && textTypeFromHints(hints) === 'text/html') mimeType = 'text/html';
  } else {
    const bytes = whole();
    const text = fromUtf16 ?? asUtf8Text(bytes, charsetOf(hints.contentType) ?? charsetOf(hints.declaredMimeType));
    if (text === undefined) {
      throw attachmentError(
        'unsupported_content',
        location,
        `the bytes are not a known media type (unknown binary${declaredSuffix(hints)})`,
        { sniffedMimeType: 'application/octet-stream' },
      );
    }
    sendBytes = text === bytes ? undefined : text;
    mimeType = textTypeFromHints(hints) ?? (looksLikeHtml(text) ? 'text/html' : 'text/plain');
  }
  const kind = kindOfMimeType(mimeType);
  if (kind === undefined) {
    throw attachmentError(
      'unsupported_content',
      location,
      `the bytes are ${mimeType}, which the gateway cannot send to a model${declaredSuffix(hints)}`,
      { sniffedMimeType: mimeType },
    );
  }
  return { kind, mimeType, bytes: sendBytes, warning: disagreement(hints, kind, mimeType, describeLocation(location)) };
}

/** The warning when the sender's declaration and the bytes disagree. */
function disagreement(hints: TypeHints, kind: TypedKind, mimeType: string, partDescription: string): string | undefined {
  const declaredMimeType = normaliseMimeType(hints.declaredMimeType);
  if (declaredMimeType !== undefined) {
    if (declaredMimeType === mimeType) return undefined;
    return `${partDescription}: declared ${declaredMimeType} but the bytes are ${mimeType}; sending ${mimeType}`;
  }
  if (hints.declaredKind !== undefined && !sameKindFamily(hints.declaredKind, kind)) {
    return `${partDescription}: declared ${hints.declaredKind} but the bytes are ${mimeType}; sending ${mimeType}`;
  }
  return undefined;
}

/** Which text type the sender meant, from the strongest hint that names one. */
function textTypeFromHints(hints: TypeHints): string | undefined {
  const candidates = [
    normaliseMimeType(hints.declaredMimeType),
    hints.declaredKind === 'html' ? 'text/html' : undefined,
    normaliseMimeType(hints.contentType),
    mimeTypeFromExtension(hints.filename),
    mimeTypeFromExtension(hints.urlPath),
  ];
  return candidates.find((candidate) => candidate !== undefined && isTextMimeType(candidate));
}

/**
 * The bytes as UTF-8 text, or undefined when they are not text. Text in another charset the
 * server named is re-encoded once, since every vendor reads text documents as UTF-8.
 */
function asUtf8Text(bytes: Buffer, charset: string | undefined): Buffer | undefined {
  if (isUtf8(bytes) && !bytes.includes(0)) return bytes;
  if (charset === undefined || charset === 'utf-8' || charset === 'utf8') return undefined;
  try {
    const decoded = new TextDecoder(charset, { fatal: true }).decode(bytes);
    return decoded.includes('\u0000') ? undefined : Buffer.from(decoded, 'utf8');
  } catch {
    return undefined;
  }
}

/** UTF-16 text behind a byte-order mark, re-encoded as UTF-8; undefined when it is not text. */
function utf16Text(bytes: Buffer): Buffer | undefined {
  const charset = utf16ByteOrderMark(bytes);
  if (charset === undefined) return undefined;
  try {
    const decoded = new TextDecoder(charset, { fatal: true }).decode(bytes);
    // Control characters other than line breaks and tabs mean binary that happens to start 0xFFFE.
    return hasBinaryControlCharacters(decoded) ? undefined : Buffer.from(decoded, 'utf8');
  } catch {
    return undefined;
  }
}

function hasBinaryControlCharacters(text: string): boolean {
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    // Tab, line feed, vertical tab... up to carriage return are what text files contain.
    if (code < 0x20 && (code < 0x09 || code > 0x0d)) return true;
  }
  return false;
}

function utf16ByteOrderMark(bytes: Buffer): string | undefined {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  return undefined;
}

function looksLikeHtml(text: Buffer): boolean {
  const head = text.subarray(0, 512).toString('utf8').replace(/^\uFEFF/, '').trimStart().toLowerCase();
  return head.startsWith('<!doctype html') || head.startsWith('<html');
}

function declaredSuffix(hints: TypeHints): string {
  const declared = normaliseMimeType(hints.declaredMimeType);
  return declared === undefined ? '' : `; declared ${declared}`;
}
