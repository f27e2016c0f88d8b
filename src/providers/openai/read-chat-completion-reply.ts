/**
 * Text and usage of a Chat Completions reply (OpenAI, OpenAI-compatible servers and the echo
 * provider, which answers in the same shape).
 * @see https://platform.openai.com/docs/api-reference/chat/object
 */

import { z } from 'zod';
import { noUsage, optionalCount, readVendorJson, type ReplySummary } from '../shared/reply-summary.js';

const completionSchema = z.object({
  choices: z.array(z.looseObject({ message: z.looseObject({ content: z.string().nullish() }) })),
  usage: z.looseObject({ prompt_tokens: optionalCount, completion_tokens: optionalCount }).nullish(),
});

export function readChatCompletionReply(body: string, parsed?: unknown): ReplySummary {
  const completion = readVendorJson(completionSchema, body, parsed);
  if (completion === undefined) return { text: '', usage: noUsage };
  return {
    text: completion.choices[0]?.message.content ?? '',
    usage: { inputTokens: completion.usage?.prompt_tokens ?? undefined, outputTokens: completion.usage?.completion_tokens ?? undefined },
  };
}
