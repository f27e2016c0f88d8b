/**
 * Text and usage of an Anthropic Messages reply: the text blocks joined, or the input of a
 * `tool_use` block when structured output came through a forced tool.
 * @see https://platform.claude.com/docs/en/api/messages
 */

import { z } from 'zod';
import { noUsage, optionalCount, readVendorJson, type ReplySummary } from '../shared/reply-summary.js';

const messageSchema = z.object({
  content: z.array(z.looseObject({ type: z.string(), text: z.string().optional(), input: z.unknown().optional() })),
  usage: z.looseObject({ input_tokens: optionalCount, output_tokens: optionalCount }).optional(),
});

export function readAnthropicReply(body: string, parsed?: unknown): ReplySummary {
  const message = readVendorJson(messageSchema, body, parsed);
  if (message === undefined) return { text: '', usage: noUsage };
  const text = message.content
    .map((block) => (block.type === 'text' ? (block.text ?? '') : block.type === 'tool_use' ? JSON.stringify(block.input) : ''))
    .join('');
  return {
    text,
    usage: { inputTokens: message.usage?.input_tokens, outputTokens: message.usage?.output_tokens },
  };
}
