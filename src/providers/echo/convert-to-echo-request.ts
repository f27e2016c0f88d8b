/**
 * The offline `echo` provider's "native request": the generic conversation written out as JSON
 * (media described, never inlined), so `dry_run` and the echoed answer show exactly what the
 * gateway understood.
 */

import type { Conversation, ResolvedPart } from '../../conversation/conversation.js';
import type { ConversionResult, ModelTarget } from '../provider.js';

export interface EchoRequestBody {
  readonly [key: string]: unknown;
  readonly model: string;
  readonly system: string | null;
  readonly messages: readonly { role: string; message_id: string; content: readonly Record<string, unknown>[] }[];
  readonly params: Readonly<Record<string, unknown>>;
}

function describePart(part: ResolvedPart): Record<string, unknown> {
  switch (part.type) {
    case 'text':
      return { type: 'text', text: part.text };
    case 'media':
      return part.source.type === 'inline'
        ? { type: part.kind, mime_type: part.mimeType, bytes: part.source.data.byteLength, filename: part.filename ?? null }
        : { type: part.kind, mime_type: part.mimeType, url: part.source.url };
    default: {
      const unexpected: never = part;
      throw new Error(`unknown part ${JSON.stringify(unexpected)}`);
    }
  }
}

export function convertToEchoRequest(conversation: Conversation, target: ModelTarget): ConversionResult<EchoRequestBody> {
  return {
    body: {
      model: target.model,
      system: conversation.system ?? null,
      messages: conversation.turns.map((turn) => ({
        role: turn.role,
        message_id: turn.messageId,
        content: turn.parts.map(describePart),
      })),
      params: { ...conversation.params },
    },
    warnings: [],
  };
}
