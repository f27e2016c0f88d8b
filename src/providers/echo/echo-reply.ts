/**
 * What `echo` answers: an OpenAI Chat Completions-shaped reply (so any OpenAI client reads it)
 * whose text repeats the last user message and lists its attachments.
 */

import { randomUUID } from 'node:crypto';
import type { SseEvent, SseEventBatch } from '../provider.js';
import type { EchoRequestBody } from './convert-to-echo-request.js';

export function echoText(body: EchoRequestBody): string {
  const last = body.messages.at(-1);
  const pieces = (last?.content ?? []).map((part) =>
    part.type === 'text' ? String(part.text) : `[${String(part.type)}: ${String(part.mime_type)}]`,
  );
  return `You said: ${pieces.join(' ')}`.trim();
}

function usage(body: EchoRequestBody, text: string): Record<string, number> {
  const promptTokens = body.messages.reduce((sum, message) => sum + message.content.length, 0);
  const completionTokens = text.split(/\s+/).length;
  return { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens };
}

export function echoCompletion(body: EchoRequestBody): string {
  const text = echoText(body);
  return JSON.stringify({
    id: `chatcmpl-echo-${randomUUID()}`,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: body.model,
    choices: [{ index: 0, message: { role: 'assistant', content: text, refusal: null }, finish_reason: 'stop', logprobs: null }],
    usage: usage(body, text),
  });
}

/** One event per batch, as a vendor writing each chunk as it is generated would deliver them. */
export async function* echoCompletionChunks(body: EchoRequestBody): AsyncGenerator<SseEventBatch> {
  const text = echoText(body);
  const id = `chatcmpl-echo-${randomUUID()}`;
  const created = Math.floor(Date.now() / 1000);
  const chunk = (delta: Record<string, unknown>, finishReason: string | null, extra: Record<string, unknown> = {}): SseEvent => ({
    event: undefined,
    data: JSON.stringify({
      id,
      object: 'chat.completion.chunk',
      created,
      model: body.model,
      choices: finishReason === 'usage' ? [] : [{ index: 0, delta, finish_reason: finishReason, logprobs: null }],
      ...extra,
    }),
  });
  yield { events: [chunk({ role: 'assistant', content: '' }, null)] };
  for (const word of text.match(/\S+\s*/g) ?? []) yield { events: [chunk({ content: word }, null)] };
  yield { events: [chunk({}, 'stop')] };
  yield { events: [chunk({}, 'usage', { usage: usage(body, text) })] };
  yield { events: [{ event: undefined, data: '[DONE]' }] };
}
