/**
 * MIME type vocabulary of the attachments stage: one spelling per type, the media kind a type
 * belongs to, and the type a file extension suggests (used only where bytes cannot be read:
 * forwarded URLs, gs:// URIs, and text files that sniffing cannot tell apart).
 *
 * Canonical spellings chosen here (converters and capability tables should list these):
 * - MP3 is `audio/mpeg` (the IANA name and what `file-type` reports). `audio/mp3`,
 *   `audio/x-mp3`, `audio/mpeg3` are folded into it; a converter that wants `mp3` (OpenAI's
 *   `input_audio.format`, Gemini's `audio/mp3`) maps it on the way out.
 * - WAV is `audio/wav` (`audio/x-wav`, `audio/wave`, `audio/vnd.wave` folded in).
 * - JPEG is `image/jpeg` (`image/jpg`, `image/pjpeg` folded in).
 */

import type { MediaKind } from '../conversation/conversation.js';

/** The kind a part resolves to before HTML is turned into a chat text part. */
export type TypedKind = MediaKind | 'html';

const mimeTypeAliases: ReadonlyMap<string, string> = new Map([
  ['audio/x-wav', 'audio/wav'],
  ['audio/wave', 'audio/wav'],
  ['audio/vnd.wave', 'audio/wav'],
  ['audio/mp3', 'audio/mpeg'],
  ['audio/x-mp3', 'audio/mpeg'],
  ['audio/mpeg3', 'audio/mpeg'],
  ['audio/x-mpeg', 'audio/mpeg'],
  ['audio/x-flac', 'audio/flac'],
  ['audio/x-aac', 'audio/aac'],
  ['image/jpg', 'image/jpeg'],
  ['image/pjpeg', 'image/jpeg'],
  ['application/x-pdf', 'application/pdf'],
  ['text/x-markdown', 'text/markdown'],
  ['text/x-csv', 'text/csv'],
  ['application/csv', 'text/csv'],
  ['text/json', 'application/json'],
  ['text/xml', 'application/xml'],
  ['application/xhtml+xml', 'text/html'],
]);

/**
 * Textual documents the gateway recognises when sniffing finds no binary signature. XML is
 * here because `file-type` reports it, and a text document is the useful reading of it.
 */
export const textMimeTypes: readonly string[] = [
  'text/plain',
  'text/html',
  'text/csv',
  'text/markdown',
  'application/json',
  'application/xml',
];

const extensionMimeTypes: ReadonlyMap<string, string> = new Map([
  ['png', 'image/png'],
  ['jpg', 'image/jpeg'],
  ['jpeg', 'image/jpeg'],
  ['gif', 'image/gif'],
  ['webp', 'image/webp'],
  ['heic', 'image/heic'],
  ['heif', 'image/heif'],
  ['mp4', 'video/mp4'],
  ['m4v', 'video/mp4'],
  ['webm', 'video/webm'],
  ['mov', 'video/quicktime'],
  ['mpeg', 'video/mpeg'],
  ['mpg', 'video/mpeg'],
  ['avi', 'video/x-msvideo'],
  ['3gp', 'video/3gpp'],
  ['wav', 'audio/wav'],
  ['mp3', 'audio/mpeg'],
  ['ogg', 'audio/ogg'],
  ['oga', 'audio/ogg'],
  ['flac', 'audio/flac'],
  ['aac', 'audio/aac'],
  ['m4a', 'audio/mp4'],
  ['aiff', 'audio/aiff'],
  ['pdf', 'application/pdf'],
  ['txt', 'text/plain'],
  ['text', 'text/plain'],
  ['log', 'text/plain'],
  ['csv', 'text/csv'],
  ['md', 'text/markdown'],
  ['markdown', 'text/markdown'],
  ['json', 'application/json'],
  ['xml', 'application/xml'],
  ['html', 'text/html'],
  ['htm', 'text/html'],
]);

/**
 * Lower-cases, drops parameters (`; charset=utf-8`) and folds aliases. Returns undefined for
 * an empty or malformed value, so callers treat it as "not declared".
 */
export function normaliseMimeType(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const essence = (value.split(';')[0] ?? '').trim().toLowerCase();
  if (!/^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9*][a-z0-9!#$&^_.+*-]*$/.test(essence)) return undefined;
  return mimeTypeAliases.get(essence) ?? essence;
}

/** The `charset` parameter of a Content-Type header, lower-cased. */
export function charsetOf(contentType: string | undefined): string | undefined {
  const match = /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType ?? '');
  return match?.[1]?.toLowerCase();
}

export function isTextMimeType(mimeType: string): boolean {
  return textMimeTypes.includes(mimeType);
}

/** The kind a (normalised) MIME type belongs to, or undefined for one the gateway cannot send. */
export function kindOfMimeType(mimeType: string): TypedKind | undefined {
  if (mimeType === 'text/html') return 'html';
  if (isTextMimeType(mimeType)) return 'text';
  if (mimeType === 'application/pdf') return 'pdf';
  if (mimeType.startsWith('image/')) return 'image';
  if (mimeType.startsWith('video/')) return 'video';
  if (mimeType.startsWith('audio/')) return 'audio';
  return undefined;
}

/** The MIME type a file name or URL path suggests by its extension. */
export function mimeTypeFromExtension(nameOrPath: string | undefined): string | undefined {
  if (nameOrPath === undefined) return undefined;
  const lastSegment = nameOrPath.split('/').pop() ?? '';
  const dot = lastSegment.lastIndexOf('.');
  if (dot < 0) return undefined;
  return extensionMimeTypes.get(lastSegment.slice(dot + 1).toLowerCase());
}

/** Two kinds that the sender would not see as a disagreement (HTML is a text document). */
export function sameKindFamily(declared: TypedKind, actual: TypedKind): boolean {
  if (declared === actual) return true;
  return (declared === 'html' || declared === 'text') && (actual === 'html' || actual === 'text');
}
