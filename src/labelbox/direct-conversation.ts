/**
 * The run_direct request's Labelbox side, end to end: `row_data` (object, JSON string or https
 * URL of the JSON) -> the linearised path -> a generic conversation whose attachments are not
 * fetched yet. Data-row attachments join the first human message when asked to.
 */

import type { Conversation, ParsedPart, Turn } from '../conversation/conversation.js';
import { GatewayError } from '../errors.js';
import { parseChatConversation } from './chat-conversation.js';
import { parseDataRowAttachments } from './data-row-attachments.js';
import type { DataRowAttachment } from './envelope.js';
import type { ResolvedSettings } from './generation-params.js';
import { lineariseConversation, type TargetModelSelector } from './linearise-conversation.js';
import { parseJsonString } from './validation.js';

/** Fetches a URL's text with the attachment guard (SSRF, size, timeout) applied. */
export type FetchText = (url: string) => Promise<string>;

export async function readRowDataObject(
  rowData: string | Readonly<Record<string, unknown>>,
  fetchText: FetchText,
): Promise<unknown> {
  if (typeof rowData !== 'string') return rowData;
  const trimmed = rowData.trim();
  if (/^https?:\/\//i.test(trimmed)) {
    const text = await fetchText(trimmed);
    return parseJsonString(text, 'data_row.row_data (fetched)');
  }
  if (trimmed.startsWith('{')) return parseJsonString(trimmed, 'data_row.row_data');
  throw new GatewayError('invalid_conversation', 'data_row.row_data is not a chat-evaluation conversation', {
    details: [{ path: 'data_row.row_data', message: 'expected a conversation object, its JSON string, or an https URL of it' }],
  });
}

export interface DirectConversationInput {
  readonly rowData: unknown;
  readonly selector: TargetModelSelector;
  readonly settings: ResolvedSettings;
  readonly attachments: readonly DataRowAttachment[];
  readonly useAttachments: boolean;
}

export function buildDirectConversation(input: DirectConversationInput): Conversation<ParsedPart> {
  const chat = parseChatConversation(input.rowData);
  const turns: Turn<ParsedPart>[] = lineariseConversation(chat, input.selector);
  if (input.useAttachments && input.attachments.length > 0) {
    const extra = parseDataRowAttachments(input.attachments);
    const firstHuman = turns.findIndex((turn) => turn.role === 'user');
    const turn = turns[firstHuman];
    if (turn !== undefined) turns[firstHuman] = { ...turn, parts: [...turn.parts, ...extra] };
  }
  return { system: input.settings.system, turns, params: input.settings.params };
}
