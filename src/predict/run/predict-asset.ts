/**
 * The data row as predict's input (SPEC §7): `row_data` is plain text, an http(s) URL of a
 * file (fetched and typed by the attachments stage), or a chat conversation (its path read as
 * a transcript). Returns the parts of the one user turn the model sees.
 */

import { withoutHtmlHeading } from '../../attachments/html-text.js';
import type { AttachmentPart, ParsedPart, ResolvedPart } from '../../conversation/conversation.js';
import { looksLikeChatConversation, parseChatConversation } from '../../labelbox/chat-conversation.js';
import { lineariseConversation } from '../../labelbox/linearise-conversation.js';
import type { Envelope } from '../../labelbox/envelope.js';

export const assetLocation = { messageId: 'data_row.row_data', index: 0 } as const;

export interface PredictAsset {
  readonly parts: readonly ParsedPart[];
  /** The text named-entity offsets are computed in, when the asset is text from the start. */
  readonly text: string | undefined;
}

function transcriptOf(conversation: unknown): PredictAsset {
  const turns = lineariseConversation(parseChatConversation(conversation), {}, { mustEndOnHuman: false });
  const parts: ParsedPart[] = [];
  const lines: string[] = [];
  for (const turn of turns) {
    const speaker = turn.role === 'user' ? 'User' : 'Model';
    for (const part of turn.parts) {
      if (part.type === 'text') lines.push(`${speaker}: ${part.text}`);
      else parts.push(part);
    }
  }
  const text = lines.join('\n');
  return { parts: [{ type: 'text', text }, ...parts], text };
}

function parseJsonObject(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

export function readPredictAsset(rowData: Envelope['rowData']): PredictAsset {
  if (typeof rowData !== 'string') return transcriptOf(rowData);
  const trimmed = rowData.trim();
  if (/^https?:\/\/\S+$/i.test(trimmed)) {
    const part: AttachmentPart = {
      type: 'attachment',
      declaredKind: undefined,
      declaredMimeType: undefined,
      reference: { type: 'url', url: trimmed },
      filename: undefined,
      location: assetLocation,
    };
    return { parts: [part], text: undefined };
  }
  if (trimmed.startsWith('{')) {
    const parsed = parseJsonObject(trimmed);
    if (looksLikeChatConversation(parsed)) return transcriptOf(parsed);
  }
  return { parts: [{ type: 'text', text: rowData }], text: rowData };
}

/** After fetching: a text file or an HTML page is the source text too. */
export function sourceTextAfterResolving(asset: PredictAsset, resolvedParts: readonly ResolvedPart[]): string | undefined {
  if (asset.text !== undefined) return asset.text;
  const first = resolvedParts[0];
  // A fetched HTML page: offsets count in the page's text, not in the heading the gateway added.
  if (first?.type === 'text') return withoutHtmlHeading(first.text);
  if (first?.type === 'media' && first.kind === 'text' && first.source.type === 'inline') return first.source.data.text();
  return undefined;
}

/** The asset image's bytes, for image tools that answer in pixels. */
export function assetImageBytes(resolvedParts: readonly ResolvedPart[]): Buffer | undefined {
  for (const part of resolvedParts) {
    if (part.type === 'media' && part.kind === 'image' && part.source.type === 'inline') return part.source.data.bytes;
  }
  return undefined;
}
