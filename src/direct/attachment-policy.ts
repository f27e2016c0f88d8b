/** The manifest's `attachments` block as the attachments stage takes it. */

import { resolveAttachment, type AttachmentPolicy } from '../attachments/resolve-conversation.js';
import type { AttachmentsConfig } from '../config/config-schema.js';
import { GatewayError } from '../errors.js';
import type { GatewayContext } from '../gateway-context.js';

export function attachmentPolicy(config: AttachmentsConfig): AttachmentPolicy {
  return {
    mode: config.mode,
    maxBytes: config.max_bytes,
    timeoutMs: config.timeout_ms,
    allowPrivateNetworks: config.allow_private_networks,
    maxConcurrentFetches: config.max_concurrent_fetches,
  };
}

/** `row_data` given as an https URL of the conversation JSON: fetched with the same guard as media. */
export async function fetchRowDataText(context: GatewayContext, url: string, signal: AbortSignal): Promise<string> {
  const part = await resolveAttachment(
    {
      type: 'attachment',
      declaredKind: 'text',
      declaredMimeType: 'application/json',
      reference: { type: 'url', url },
      filename: undefined,
      location: { messageId: 'data_row.row_data', index: 0 },
    },
    {
      policy: { ...attachmentPolicy(context.config.attachments), mode: 'inline' },
      capabilities: {},
      signal,
      cache: context.attachmentCache,
      warnings: [],
    },
  );
  if (part.type === 'media' && part.source.type === 'inline') return part.source.data.text();
  if (part.type === 'text') return part.text;
  throw new GatewayError('invalid_conversation', 'data_row.row_data URL did not return a JSON document', {
    details: [{ path: 'data_row.row_data', message: 'expected JSON' }],
  });
}
