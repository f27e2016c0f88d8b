/**
 * What the Gemini API takes, per media kind: the MIME types Google documents, the common aliases
 * sniffers and senders produce for them (rewritten to Google's spelling before sending), and
 * the size ceilings that still apply once large parts go through the Files API.
 *
 * @see https://ai.google.dev/gemini-api/docs/image-understanding (png, jpeg, webp, heic, heif; no gif)
 * @see https://ai.google.dev/gemini-api/docs/audio (wav, mp3, aiff, aac, ogg, flac)
 * @see https://ai.google.dev/gemini-api/docs/video-understanding (mp4, mpeg, mov, avi, x-flv, mpg, webm, wmv, 3gpp)
 * @see https://ai.google.dev/gemini-api/docs/document-processing (PDF; other text types read as plain text)
 * @see https://ai.google.dev/gemini-api/docs/files (Files API: 2 GB per file, 48 h retention)
 */

import type { MediaKind } from '../../conversation/conversation.js';
import type { ModalitySupport, ProviderCapabilities } from '../provider.js';

const mebibyte = 1024 * 1024;

/**
 * Raw bytes the gateway inlines into one request, summed over its parts; parts past it go through
 * the Files API instead. Google's ceiling is 100 MB of base64 per request since January 2026
 * (20 MB before); 20 MiB of raw bytes is about 27 MiB of base64, safe on both and leaves the
 * request small enough to retry cheaply.
 */
export const geminiInlineBudgetBytes = 20 * mebibyte;

/** The Files API's per-file limit (free tier; paid projects may upload more). */
export const geminiFileApiMaxBytes = 2 * 1024 * mebibyte;

/** PDFs are capped at 50 MB however they are sent. */
export const geminiPdfMaxBytes = 50 * mebibyte;

/** The MIME types Google documents, per kind, in Google's spelling. */
const documentedMimeTypes: Readonly<Record<MediaKind, readonly string[]>> = {
  image: ['image/png', 'image/jpeg', 'image/webp', 'image/heic', 'image/heif'],
  audio: ['audio/wav', 'audio/mp3', 'audio/aiff', 'audio/aac', 'audio/ogg', 'audio/flac'],
  video: [
    'video/mp4',
    'video/mpeg',
    'video/mov',
    'video/avi',
    'video/x-flv',
    'video/mpg',
    'video/webm',
    'video/wmv',
    'video/3gpp',
  ],
  pdf: ['application/pdf'],
  text: [
    'text/plain',
    'text/html',
    'text/css',
    'text/md',
    'text/csv',
    'text/xml',
    'text/rtf',
    'text/javascript',
    'application/x-javascript',
    'text/x-python',
    'application/x-python',
  ],
};

/**
 * Other names for the same formats (IANA names, `file-type` output, legacy x- types), mapped to
 * the spelling Google documents so the API never sees a name it might not list.
 */
const mimeTypeAliases: Readonly<Record<string, string>> = {
  'image/jpg': 'image/jpeg',
  'audio/mpeg': 'audio/mp3',
  'audio/x-wav': 'audio/wav',
  'audio/wave': 'audio/wav',
  'audio/vnd.wave': 'audio/wav',
  'audio/x-aiff': 'audio/aiff',
  'audio/x-aac': 'audio/aac',
  'audio/x-flac': 'audio/flac',
  'video/quicktime': 'video/mov',
  'video/x-msvideo': 'video/avi',
  'video/vnd.avi': 'video/avi',
  'video/x-ms-wmv': 'video/wmv',
  'text/markdown': 'text/md',
  'text/x-markdown': 'text/md',
  'application/xml': 'text/xml',
  'application/javascript': 'text/javascript',
};

/** Google's spelling of a MIME type the capability check accepted. */
export function normaliseGeminiMimeType(mimeType: string): string {
  return mimeTypeAliases[mimeType] ?? mimeType;
}

function acceptedMimeTypes(kind: MediaKind): readonly string[] {
  const documented = documentedMimeTypes[kind];
  const aliases = Object.keys(mimeTypeAliases).filter((alias) => {
    const canonical = mimeTypeAliases[alias];
    return canonical !== undefined && documented.includes(canonical);
  });
  return [...documented, ...aliases];
}

function support(kind: MediaKind, maxBytes: number): ModalitySupport {
  // Inline bytes past the request budget are uploaded rather than refused, so the per-part
  // ceiling is the Files API's. Gemini fetches https, gs:// and YouTube URLs itself.
  return { mimeTypes: acceptedMimeTypes(kind), inline: true, url: true, storageUris: true, maxInlineBytes: maxBytes };
}

/** The same for every Gemini model the gateway targets (all current ones are multimodal). */
export const geminiCapabilities: ProviderCapabilities = {
  image: support('image', geminiFileApiMaxBytes),
  audio: support('audio', geminiFileApiMaxBytes),
  video: support('video', geminiFileApiMaxBytes),
  pdf: support('pdf', geminiPdfMaxBytes),
  text: support('text', geminiFileApiMaxBytes),
};
