/**
 * Generic conversation -> Anthropic Messages request body. Pure: no I/O and no SDK, so the
 * same function answers `dry_run` and feeds the adapter.
 *
 * The vendor's rules that break naive gateways, and what this converter does about each:
 * - `max_tokens` is required: `params.maxTokens`, else {@link anthropicDefaultMaxTokens} and a warning.
 * - Empty or whitespace-only text blocks are rejected by the API ("text content blocks must
 *   contain non-whitespace text"): they are removed; they carry nothing, so without a warning.
 * - A turn left with no blocks is dropped with a warning naming its message, unless it is the
 *   last turn: that is the prompt, and dropping it would make the model answer something else
 *   (or continue the previous assistant turn as a prefill), so it is a 400 `invalid_conversation`.
 * - Consecutive turns with the same role are merged into one message, blocks in order. The
 *   first-party API merges them itself; Bedrock and older endpoints reject them.
 * - The first message must be `user`: when the conversation opens with the assistant, a
 *   minimal user message ({@link anthropicConversationStartText}) is prepended and a warning
 *   says so. Nothing the conversation holds is dropped.
 * - `temperature` and `top_p` together are rejected by current models ("cannot both be
 *   specified for this model"), and the docs say to set one: only `temperature` is sent.
 * - `seed` has no Anthropic equivalent: warning.
 * - Audio, video, unsupported MIME types, oversized images and media in assistant turns:
 *   422 `unsupported_modality` naming the message and part, never a silent drop.
 *
 * @see https://platform.claude.com/docs/en/api/messages
 * @see https://platform.claude.com/docs/en/build-with-claude/structured-outputs
 */

import type {
  Conversation,
  GenerationParams,
  MediaPart,
  ResolvedPart,
  Role,
  Turn,
} from '../../conversation/conversation.js';
import { GatewayError } from '../../errors.js';
import type { ConversionResult, ModelTarget } from '../provider.js';
import { requireSupport, unsupportedModality } from '../shared/modality-support.js';
import { anthropicCapabilities } from './anthropic-capabilities.js';
import {
  anthropicImageMediaTypes,
  type AnthropicContentBlock,
  type AnthropicDocumentBlock,
  type AnthropicMessage,
  type AnthropicMessagesBody,
} from './anthropic-request-types.js';

/** Used when the request sets no output cap; enough for a full answer on every current model. */
export const anthropicDefaultMaxTokens = 4096;

/** The user turn put in front of a conversation that opens with the assistant. */
export const anthropicConversationStartText = '(conversation start)';

export function convertToAnthropicRequest(
  conversation: Conversation,
  target: ModelTarget,
): ConversionResult<AnthropicMessagesBody> {
  const warnings: string[] = [];
  const messages = buildMessages(conversation.turns, target, warnings);
  const body: AnthropicMessagesBody = {
    model: target.model,
    max_tokens: conversation.params.maxTokens ?? anthropicDefaultMaxTokens,
    messages,
  };
  if (conversation.params.maxTokens === undefined) {
    warnings.push(`max_tokens is required by anthropic and was not set; using ${anthropicDefaultMaxTokens}`);
  }
  if (conversation.system !== undefined && !isBlank(conversation.system)) body.system = conversation.system;
  applyGenerationParams(body, conversation.params, warnings);
  return { body, warnings };
}

function buildMessages(
  turns: readonly Turn<ResolvedPart>[],
  target: ModelTarget,
  warnings: string[],
): AnthropicMessage[] {
  const lastTurn = turns.at(-1);
  if (lastTurn === undefined) {
    throw new GatewayError('invalid_conversation', 'the conversation has no messages to send', {
      details: [{ path: 'messages', message: 'no messages' }],
    });
  }
  const messages: AnthropicMessage[] = [];
  for (const turn of turns) {
    // Parts are converted before the turn is judged empty, so an unsupported part is always
    // a 422, never lost with a dropped turn.
    const content = turn.parts.flatMap((part) => convertPart(part, turn.role, target));
    if (content.length === 0) {
      if (turn === lastTurn) throw emptyPrompt(turn);
      warnings.push(`message ${JSON.stringify(turn.messageId)} has no content anthropic accepts (empty text) and was left out`);
      continue;
    }
    const previous = messages.at(-1);
    if (previous !== undefined && previous.role === turn.role) previous.content.push(...content);
    else messages.push({ role: turn.role, content });
  }
  if (messages[0]?.role === 'assistant') {
    messages.unshift({ role: 'user', content: [{ type: 'text', text: anthropicConversationStartText }] });
    warnings.push(
      `anthropic needs the first message to come from the user; the conversation starts with the assistant, ` +
        `so a user message ${JSON.stringify(anthropicConversationStartText)} was put in front`,
    );
  }
  return messages;
}

function emptyPrompt(turn: Turn<ResolvedPart>): GatewayError {
  const message = `message ${JSON.stringify(turn.messageId)} is the last message of the conversation and has no content to send (empty text)`;
  return new GatewayError('invalid_conversation', message, {
    details: [{ path: `messages.${turn.messageId}.content`, message: 'no content', messageId: turn.messageId }],
  });
}

/** Zero blocks for a blank text part, one otherwise. */
function convertPart(part: ResolvedPart, role: Role, target: ModelTarget): AnthropicContentBlock[] {
  switch (part.type) {
    case 'text':
      return isBlank(part.text) ? [] : [{ type: 'text', text: part.text }];
    case 'media':
      return [convertMedia(part, role, target)];
    default:
      return assertNever(part);
  }
}

function convertMedia(part: MediaPart, role: Role, target: ModelTarget): AnthropicContentBlock {
  if (role === 'assistant') {
    throw unsupportedModality(part, target, 'anthropic takes images and documents only in user messages');
  }
  requireSupport(anthropicCapabilities, part, target);
  switch (part.kind) {
    case 'image':
      return imageBlock(part, target);
    case 'pdf':
      return pdfBlock(part);
    case 'text':
      return textDocumentBlock(part, target);
    case 'audio':
    case 'video':
      // `requireSupport` has already refused these; kept so the switch stays exhaustive.
      throw unsupportedModality(part, target, `anthropic does not accept ${part.kind} input`);
    default:
      return assertNever(part.kind);
  }
}

/** @see https://platform.claude.com/docs/en/build-with-claude/vision */
function imageBlock(part: MediaPart, target: ModelTarget): AnthropicContentBlock {
  if (part.source.type === 'url') return { type: 'image', source: { type: 'url', url: part.source.url } };
  const mediaType = anthropicImageMediaTypes.find((type) => type === part.mimeType);
  if (mediaType === undefined) {
    throw unsupportedModality(part, target, `anthropic accepts images only as ${anthropicImageMediaTypes.join(', ')}`);
  }
  return { type: 'image', source: { type: 'base64', media_type: mediaType, data: part.source.data.base64() } };
}

/** @see https://platform.claude.com/docs/en/build-with-claude/pdf-support */
function pdfBlock(part: MediaPart): AnthropicDocumentBlock {
  const block: AnthropicDocumentBlock =
    part.source.type === 'url'
      ? { type: 'document', source: { type: 'url', url: part.source.url } }
      : { type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: part.source.data.base64() } };
  if (part.filename !== undefined) block.title = part.filename;
  return block;
}

/** @see https://platform.claude.com/docs/en/build-with-claude/citations (plain-text documents) */
function textDocumentBlock(part: MediaPart, target: ModelTarget): AnthropicDocumentBlock {
  if (part.source.type === 'url') {
    throw unsupportedModality(part, target, 'anthropic does not fetch text URLs; use attachments.mode inline');
  }
  const block: AnthropicDocumentBlock = {
    type: 'document',
    source: { type: 'text', media_type: 'text/plain', data: part.source.data.text() },
  };
  if (part.filename !== undefined) block.title = part.filename;
  return block;
}

function applyGenerationParams(body: AnthropicMessagesBody, params: GenerationParams, warnings: string[]): void {
  if (params.temperature !== undefined) body.temperature = params.temperature;
  if (params.topP !== undefined) {
    if (params.temperature === undefined) body.top_p = params.topP;
    else warnings.push('anthropic models take temperature or top_p, not both; top_p was not sent');
  }
  if (params.stop !== undefined && params.stop.length > 0) body.stop_sequences = [...params.stop];
  if (params.seed !== undefined) warnings.push('anthropic does not support seed; it was not sent');
  if (params.structuredOutput !== undefined) {
    body.output_config = { format: { type: 'json_schema', schema: { ...params.structuredOutput.schema } } };
  }
}

function isBlank(text: string): boolean {
  return text.trim() === '';
}

function assertNever(value: never): never {
  throw new Error(`unexpected value ${JSON.stringify(value)}`);
}
