/**
 * What the gateway reads from a vendor's stream events while relaying them unchanged: the text
 * each event adds (the command line shows it as it arrives) and the token usage the vendor
 * reports (logs and metrics). A cheap substring check runs first so the relay only parses the
 * few events that carry usage when text is not wanted.
 * @see https://platform.openai.com/docs/api-reference/chat-streaming
 * @see https://platform.openai.com/docs/api-reference/responses-streaming
 * @see https://platform.claude.com/docs/en/build-with-claude/streaming
 * @see https://ai.google.dev/api/generate-content#method:-models.streamgeneratecontent
 */

import { z } from 'zod';
import type { ProviderId, SseEvent } from './provider.js';
import { optionalCount, readVendorJson, type TokenUsage } from './shared/reply-summary.js';

export interface StreamEventSummary {
  readonly text?: string;
  readonly usage?: Partial<TokenUsage>;
}

/**
 * Whether an event is the vendor's last word: a stream that ends without one was cut short,
 * and the client must hear so (an `event: error`) rather than take a truncated answer as whole.
 * Gemini has no terminator; its last chunk carries a `finishReason`.
 */
/** OpenAI ends a stream with `[DONE]`, or fails it with a `{"error": …}` frame. */
const isChatFinal = (event: SseEvent): boolean => event.data === '[DONE]' || /^\s*\{\s*"error"/.test(event.data);

export const isFinalStreamEvent: Readonly<Record<ProviderId, (event: SseEvent) => boolean>> = {
  openai: isChatFinal,
  'openai-compatible': isChatFinal,
  echo: isChatFinal,
  'openai-responses': (event) =>
    event.event === 'response.completed' || event.event === 'response.incomplete' || event.event === 'response.failed' || event.event === 'error',
  anthropic: (event) => event.event === 'message_stop' || event.event === 'error',
  gemini: (event) => event.data.includes('"finishReason"'),
};

export type StreamEventReader = (event: SseEvent, wantText: boolean) => StreamEventSummary;

const chatChunk = z.object({
  choices: z.array(z.looseObject({ delta: z.looseObject({ content: z.string().nullish() }).optional() })).optional(),
  usage: z.looseObject({ prompt_tokens: optionalCount, completion_tokens: optionalCount }).nullish(),
});

const readChatChunk: StreamEventReader = (event, wantText) => {
  if (event.data === '[DONE]' || (!wantText && !event.data.includes('"usage":{'))) return {};
  const chunk = readVendorJson(chatChunk, event.data);
  const text = chunk?.choices?.[0]?.delta?.content ?? undefined;
  const usage = chunk?.usage ?? undefined;
  return {
    ...(text === undefined ? {} : { text }),
    ...(usage === undefined ? {} : { usage: { inputTokens: usage.prompt_tokens, outputTokens: usage.completion_tokens } }),
  };
};

const responsesEvent = z.looseObject({
  type: z.string(),
  delta: z.string().optional(),
  response: z.looseObject({ usage: z.looseObject({ input_tokens: optionalCount, output_tokens: optionalCount }).nullish() }).optional(),
});

const readResponsesEvent: StreamEventReader = (event, wantText) => {
  const isText = event.event === 'response.output_text.delta';
  const isFinal = event.event === 'response.completed' || event.event === 'response.incomplete';
  if (!(isFinal || (wantText && isText))) return {};
  const parsed = readVendorJson(responsesEvent, event.data);
  if (isText) return parsed?.delta === undefined ? {} : { text: parsed.delta };
  const usage = parsed?.response?.usage ?? undefined;
  return usage === undefined ? {} : { usage: { inputTokens: usage.input_tokens, outputTokens: usage.output_tokens } };
};

const anthropicEvent = z.looseObject({
  type: z.string(),
  delta: z.looseObject({ type: z.string().optional(), text: z.string().optional() }).optional(),
  message: z.looseObject({ usage: z.looseObject({ input_tokens: optionalCount }).optional() }).optional(),
  usage: z.looseObject({ output_tokens: optionalCount, input_tokens: optionalCount }).optional(),
});

const readAnthropicEvent: StreamEventReader = (event, wantText) => {
  const name = event.event;
  const wanted = name === 'message_start' || name === 'message_delta' || (wantText && name === 'content_block_delta');
  if (!wanted) return {};
  const parsed = readVendorJson(anthropicEvent, event.data);
  if (parsed === undefined) return {};
  if (name === 'content_block_delta') return parsed.delta?.type === 'text_delta' && parsed.delta.text !== undefined ? { text: parsed.delta.text } : {};
  if (name === 'message_start') return { usage: { inputTokens: parsed.message?.usage?.input_tokens } };
  // message_delta usage is cumulative: the last one is the total.
  return { usage: { outputTokens: parsed.usage?.output_tokens, ...(parsed.usage?.input_tokens === undefined ? {} : { inputTokens: parsed.usage.input_tokens }) } };
};

const geminiChunk = z.object({
  candidates: z.array(z.looseObject({ content: z.looseObject({ parts: z.array(z.looseObject({ text: z.string().optional(), thought: z.boolean().optional() })).optional() }).optional() })).optional(),
  usageMetadata: z.looseObject({ promptTokenCount: optionalCount, candidatesTokenCount: optionalCount }).optional(),
});

const readGeminiChunk: StreamEventReader = (event, wantText) => {
  if (!wantText && !event.data.includes('candidatesTokenCount')) return {};
  const chunk = readVendorJson(geminiChunk, event.data);
  if (chunk === undefined) return {};
  const text = (chunk.candidates?.[0]?.content?.parts ?? []).map((part) => (part.thought === true ? '' : (part.text ?? ''))).join('');
  const usage = chunk.usageMetadata;
  return {
    ...(wantText && text !== '' ? { text } : {}),
    ...(usage?.candidatesTokenCount === undefined ? {} : { usage: { inputTokens: usage.promptTokenCount, outputTokens: usage.candidatesTokenCount } }),
  };
};

export const streamEventReaders: Readonly<Record<ProviderId, StreamEventReader>> = {
  openai: readChatChunk,
  'openai-compatible': readChatChunk,
  echo: readChatChunk,
  'openai-responses': readResponsesEvent,
  anthropic: readAnthropicEvent,
  gemini: readGeminiChunk,
};

/** Folds one event's usage into the running total (later reports replace earlier ones). */
export function mergeUsage(total: TokenUsage, update: Partial<TokenUsage> | undefined): TokenUsage {
  if (update === undefined) return total;
  return {
    inputTokens: update.inputTokens ?? total.inputTokens,
    outputTokens: update.outputTokens ?? total.outputTokens,
  };
}
