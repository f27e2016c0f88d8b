/**
 * Text and usage of a Responses API reply: every `output_text` part of the `message` items
 * (what the SDK's `output_text` convenience joins), and `usage`.
 * @see https://platform.openai.com/docs/api-reference/responses/object
 */

import { z } from 'zod';
import { noUsage, optionalCount, readVendorJson, type ReplySummary } from '../shared/reply-summary.js';

const responseSchema = z.object({
  output: z.array(
    z.looseObject({
      type: z.string(),
      content: z.array(z.looseObject({ type: z.string(), text: z.string().optional() })).optional(),
    }),
  ),
  usage: z.looseObject({ input_tokens: optionalCount, output_tokens: optionalCount }).nullish(),
});

export function readResponsesReply(body: string, parsed?: unknown): ReplySummary {
  const response = readVendorJson(responseSchema, body, parsed);
  if (response === undefined) return { text: '', usage: noUsage };
  const text = response.output
    .filter((item) => item.type === 'message')
    .flatMap((item) => item.content ?? [])
    .map((part) => (part.type === 'output_text' ? (part.text ?? '') : ''))
    .join('');
  return { text, usage: { inputTokens: response.usage?.input_tokens ?? undefined, outputTokens: response.usage?.output_tokens ?? undefined } };
}
