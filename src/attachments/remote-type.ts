/**
 * The type of an attachment the gateway does not read: a forwarded https URL, a gs:// URI or a
 * YouTube link. Without bytes the declared MIME type is the best evidence, then the extension of
 * the file name or URL path. Only forwarded parts and vendor-read URIs use this; fetched bytes are
 * always sniffed instead.
 */

import type { AttachmentPart, MediaKind } from '../conversation/conversation.js';
import { kindOfMimeType, mimeTypeFromExtension, normaliseMimeType, sameKindFamily } from './media-types.js';
import { youtubeMimeType } from './url-references.js';

export interface RemoteTypeGuess {
  readonly kind: MediaKind;
  readonly mimeType: string;
  /** HTML cannot go to a vendor as a file; a forwarded HTML URL must be fetched and converted. */
  readonly isHtml: boolean;
  /** False when the declared kind and the MIME type point different ways. */
  readonly agreesWithDeclaredKind: boolean;
}

export type RemoteReference =
  | { readonly type: 'youtube'; readonly url: string }
  | { readonly type: 'gcs'; readonly url: string }
  | { readonly type: 'http'; readonly url: URL };

export function guessRemoteType(part: AttachmentPart, reference: RemoteReference): RemoteTypeGuess | undefined {
  const declared = normaliseMimeType(part.declaredMimeType);
  if (reference.type === 'youtube') {
    const mimeType = declared?.startsWith('video/') === true ? declared : youtubeMimeType;
    return { kind: 'video', mimeType, isHtml: false, agreesWithDeclaredKind: part.declaredKind === undefined || part.declaredKind === 'video' };
  }
  const path = reference.type === 'http' ? reference.url.pathname : pathOf(reference.url);
  const mimeType =
    declared ??
    mimeTypeFromExtension(part.filename) ??
    mimeTypeFromExtension(path) ??
    (part.declaredKind === 'pdf' ? 'application/pdf' : undefined);
  if (mimeType === undefined) return undefined;
  const typedKind = kindOfMimeType(mimeType);
  if (typedKind === undefined) return undefined;
  return {
    kind: typedKind === 'html' ? 'text' : typedKind,
    mimeType,
    isHtml: typedKind === 'html' || part.declaredKind === 'html',
    agreesWithDeclaredKind: part.declaredKind === undefined || sameKindFamily(part.declaredKind, typedKind),
  };
}

function pathOf(url: string): string | undefined {
  return URL.parse(url)?.pathname;
}
