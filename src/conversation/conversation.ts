/**
 * The generic conversation every route produces and every provider adapter consumes.
 * It knows nothing about Labelbox or any vendor: roles, parts and generation settings only.
 *
 * Parts come in two stages. The Labelbox side produces `ParsedPart`s (text, or a reference to
 * an attachment that is not fetched yet); the attachments stage resolves every reference into a
 * `MediaPart` whose MIME type is known from its bytes (or, for forwarded URLs, declared).
 * Converters only ever see resolved parts.
 */

import type { InlineData } from './inline-data.js';

/** Where a part came from, so a 4xx can name it: "message p1, part 2". */
export interface PartLocation {
  /** The Labelbox message id, or `data_row.attachments` for data-row attachments. */
  readonly messageId: string;
  readonly index: number;
}

export function describeLocation(location: PartLocation): string {
  return `message ${JSON.stringify(location.messageId)}, part ${location.index}`;
}

/** The `messageId` of data-row attachments, which join the first human message. */
export const dataRowAttachmentsMessageId = 'data_row.attachments';

/** Where the part sits in the request: `messages.<id>.content.<i>` or `data_row.attachments.<i>`. */
export function locationPath(location: PartLocation): string {
  return location.messageId === dataRowAttachmentsMessageId
    ? `${dataRowAttachmentsMessageId}.${location.index}`
    : `messages.${location.messageId}.content.${location.index}`;
}

/**
 * What a part holds once typed: `text` is a textual document (plain text, CSV, Markdown, or
 * HTML already reduced to text), not a chat text part.
 */
export type MediaKind = 'image' | 'video' | 'audio' | 'pdf' | 'text';

export const mediaKinds: readonly MediaKind[] = ['image', 'video', 'audio', 'pdf', 'text'];

export interface TextPart {
  readonly type: 'text';
  readonly text: string;
}

/** Where an unresolved attachment's bytes are. */
export type AttachmentReference =
  /** http(s), gs:// or a YouTube link. */
  | { readonly type: 'url'; readonly url: string }
  /** Base64 bytes, from a `data` field or a `data:` URL. */
  | { readonly type: 'base64'; readonly data: string }
  /** Text carried inline (RAW_TEXT attachments, `html` items with `content`). */
  | { readonly type: 'inline-text'; readonly text: string };

/** The kind the sender declared: from the item type, or unknown for `fileData` / `file`. */
export type DeclaredKind = MediaKind | 'html' | undefined;

export interface AttachmentPart {
  readonly type: 'attachment';
  readonly declaredKind: DeclaredKind;
  readonly declaredMimeType: string | undefined;
  readonly reference: AttachmentReference;
  readonly filename: string | undefined;
  readonly location: PartLocation;
}

export type MediaSource =
  /** Bytes the gateway holds; converters inline them (base64 computed once). */
  | { readonly type: 'inline'; readonly data: InlineData }
  /**
   * A URL the vendor fetches itself (forward mode, an uploaded file's URI). `storage` marks a
   * gs:// or YouTube URI: no file the gateway could fetch, and only some vendors read them.
   */
  | { readonly type: 'url'; readonly url: string; readonly storage?: 'gcs' | 'youtube' };

export interface MediaPart {
  readonly type: 'media';
  readonly kind: MediaKind;
  /** Sniffed from the bytes when inline; declared (or guessed from the URL) when forwarded. */
  readonly mimeType: string;
  readonly source: MediaSource;
  readonly filename: string | undefined;
  readonly location: PartLocation;
}

export type ParsedPart = TextPart | AttachmentPart;
export type ResolvedPart = TextPart | MediaPart;

export type Role = 'user' | 'assistant';

export interface Turn<Part> {
  readonly role: Role;
  readonly parts: readonly Part[];
  /** The Labelbox message this turn came from (for error messages). */
  readonly messageId: string;
}

/** A JSON Schema the model's answer must follow (predict). */
export interface StructuredOutput {
  /** A short identifier (`^[a-zA-Z0-9_-]{1,64}$`) some vendors require. */
  readonly name: string;
  readonly schema: Readonly<Record<string, unknown>>;
}

/** Generation settings in the gateway's own names; each converter maps them to its vendor's. */
export interface GenerationParams {
  readonly temperature?: number;
  readonly topP?: number;
  readonly maxTokens?: number;
  readonly stop?: readonly string[];
  readonly seed?: number;
  readonly structuredOutput?: StructuredOutput;
}

export interface Conversation<Part = ResolvedPart> {
  readonly system: string | undefined;
  readonly turns: readonly Turn<Part>[];
  readonly params: GenerationParams;
}
