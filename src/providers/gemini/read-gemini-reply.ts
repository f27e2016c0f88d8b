/**
 * Text and usage of a Gemini `GenerateContentResponse`: the first candidate's text parts
 * (thought parts left out), and `usageMetadata`.
 * @see https://ai.google.dev/api/generate-content#generatecontentresponse
 */

import { z } from 'zod';
import { noUsage, optionalCount, readVendorJson, type ReplySummary } from '../shared/reply-summary.js';

const responseSchema = z.object({
  candidates: z
    .array(
      z.looseObject({
        content: z.looseObject({ parts: z.array(z.looseObject({ text: z.string().optional(), thought: z.boolean().optional() })).optional() }).optional(),
      }),
    )
    .optional(),
  usageMetadata: z.looseObject({ promptTokenCount: optionalCount, candidatesTokenCount: optionalCount }).optional(),
});

export function readGeminiReply(body: string, parsed?: unknown): ReplySummary {
  const response = readVendorJson(responseSchema, body, parsed);
  if (response === undefined) return { text: '', usage: noUsage };
  const parts = response.candidates?.[0]?.content?.parts ?? [];
  return {
    text: parts.map((part) => (part.thought === true ? '' : (part.text ?? ''))).join(''),
    usage: { inputTokens: response.usageMetadata?.promptTokenCount, outputTokens: response.usageMetadata?.candidatesTokenCount },
  };
}
