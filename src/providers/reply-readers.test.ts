import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { replyReaders } from './reply-readers.js';

const fixture = (path: string): string => readFileSync(`fixtures/vendors/${path}`, 'utf8');

describe('reply readers', () => {
  it.each([
    ['openai', 'openai/chat-completion.json'],
    ['openai-responses', 'openai-responses/response.json'],
    ['anthropic', 'anthropic/message.json'],
    ['gemini', 'gemini/generate-content.json'],
  ] as const)('%s: reads the answer text and token usage from %s', (provider, path) => {
    const body = fixture(path);
    const json = JSON.parse(body);
    const summary = replyReaders[provider](body);
    expect(summary.text.length).toBeGreaterThan(0);
    expect(body).toContain(JSON.stringify(summary.text).slice(1, -1).slice(0, 20));
    const usage = json.usage ?? json.usageMetadata;
    expect(summary.usage).toEqual({
      inputTokens: usage.prompt_tokens ?? usage.input_tokens ?? usage.promptTokenCount,
      outputTokens: usage.completion_tokens ?? usage.output_tokens ?? usage.candidatesTokenCount,
    });
  });

  it('reads a forced tool call as its JSON input and tolerates bodies that are not JSON', () => {
    const body = JSON.stringify({ content: [{ type: 'tool_use', name: 'predictions', input: { a: 1 } }] });
    expect(replyReaders.anthropic(body).text).toBe('{"a":1}');
    expect(replyReaders.openai('<html>').text).toBe('');
  });
});
