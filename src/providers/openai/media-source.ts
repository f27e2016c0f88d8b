/**
 * Small helpers every OpenAI-family converter uses once a part has passed the capability check.
 */

import type { MediaPart } from '../../conversation/conversation.js';
import type { InlineData } from '../../conversation/inline-data.js';
import { unsupportedModality } from '../shared/modality-support.js';
import type { ModelTarget } from '../provider.js';

/**
 * The part's bytes, for part types that only take inline data. The capability table already
 * refuses URLs for those kinds; this keeps the 422 if a table and a converter ever disagree.
 */
export function requireInline(part: MediaPart, target: ModelTarget): InlineData {
  if (part.source.type === 'inline') return part.source.data;
  throw unsupportedModality(part, target, `${target.provider} does not fetch ${part.kind} URLs; use attachments.mode inline`);
}

/** An https URL as given, or the bytes as a `data:` URL: the two forms OpenAI reads for a URL field. */
export function urlOrDataUrl(part: MediaPart): string {
  return part.source.type === 'url' ? part.source.url : part.source.data.dataUrl(part.mimeType);
}

/** A filename for file parts, which OpenAI wants alongside inline file data. */
export function filenameFor(part: MediaPart, extension: string): string {
  return part.filename ?? `${part.location.messageId}-part-${part.location.index}.${extension}`;
}
