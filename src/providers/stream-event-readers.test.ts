import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ProviderId, SseEvent } from './provider.js';
import { noUsage, type TokenUsage } from './shared/reply-summary.js';
import { parseSseStream } from './shared/parse-sse.js';
import { mergeUsage, streamEventReaders } from './stream-event-readers.js';

async function eventsOf(path: string): Promise<SseEvent[]> {
  async function* bytes(): AsyncGenerator<Uint8Array> {
    yield readFileSync(`fixtures/vendors/${path}`);
  }
  const events: SseEvent[] = [];
  for await (const batch of parseSseStream(bytes())) events.push(...batch.events);
  return events;
}

async function summarise(provider: ProviderId, path: string, wantText: boolean): Promise<{ text: string; usage: TokenUsage }> {
  let text = '';
  let usage = noUsage;
  for (const event of await eventsOf(path)) {
    const summary = streamEventReaders[provider](event, wantText);
    text += summary.text ?? '';
    usage = mergeUsage(usage, summary.usage);
  }
  return { text, usage };
}

describe('stream event readers', () => {
  it.each([
    ['openai', 'openai/chat-completion.sse'],
    ['openai-responses', 'openai-responses/response.sse'],
    ['anthropic', 'anthropic/message.sse'],
    ['gemini', 'gemini/stream.sse'],
  ] as const)('%s: the streamed text and usage', async (provider, stream) => {
    const withText = await summarise(provider, stream, true);
    expect(withText.text.length).toBeGreaterThan(5);
    expect(withText.usage.inputTokens).toBeGreaterThan(0);
    expect(withText.usage.outputTokens).toBeGreaterThan(0);
    const usageOnly = await summarise(provider, stream, false);
    expect(usageOnly).toEqual({ text: '', usage: withText.usage });
  });

  it('reads the exact text of the Anthropic fixture', async () => {
    const expected = (await eventsOf('anthropic/message.sse'))
      .filter((event) => event.event === 'content_block_delta')
      .map((event) => (JSON.parse(event.data) as { delta: { text: string } }).delta.text)
      .join('');
    expect((await summarise('anthropic', 'anthropic/message.sse', true)).text).toBe(expected);
  });
});
