/**
 * The recorded-style fixtures the adapter tests replay must look like what OpenAI really sends,
 * so each one is checked against the vendor's own response schemas.
 */

import { describe, expect, test } from 'vitest';
import { validateAgainst } from '../../../test/support/openai-spec-validator.js';
import { readVendorFixture } from '../../../test/support/vendor-fixtures.js';


function fixture(name: string): string {
  return readVendorFixture('openai', name);
}

/** The `data:` payloads of an SSE body, in order. */
function dataFrames(sse: string): string[] {
  return sse
    .split('\n\n')
    .filter((frame) => frame !== '')
    .map((frame) => frame.replace(/^data: /, ''));
}

describe('OpenAI Chat Completions fixtures', () => {
  test('chat-completion.json is a CreateChatCompletionResponse', () => {
    expect(validateAgainst('CreateChatCompletionResponse', JSON.parse(fixture('chat-completion.json')))).toEqual([]);
  });

  test('chat-completion.sse: every chunk is a CreateChatCompletionStreamResponse, usage comes last, then [DONE]', () => {
    const frames = dataFrames(fixture('chat-completion.sse'));
    expect(frames.at(-1)).toBe('[DONE]');
    const chunks = frames.slice(0, -1).map((frame) => JSON.parse(frame) as { id: string });
    for (const chunk of chunks) expect(validateAgainst('CreateChatCompletionStreamResponse', chunk)).toEqual([]);
    expect(chunks.at(-1)).toMatchObject({ choices: [], usage: { total_tokens: 42 } });
    expect(new Set(chunks.map((chunk) => chunk.id)).size).toBe(1);
  });

  test('stream-error.sse ends with an error frame and no [DONE]', () => {
    const frames = dataFrames(fixture('stream-error.sse'));
    expect(frames).not.toContain('[DONE]');
    expect(validateAgainst('ErrorResponse', JSON.parse(frames.at(-1) ?? ''))).toEqual([]);
  });

  test.each(['error-400.json', 'error-401.json', 'error-429.json', 'error-500.json'])('%s is an ErrorResponse', (name) => {
    expect(validateAgainst('ErrorResponse', JSON.parse(fixture(name)))).toEqual([]);
  });

  test('the schemas reject a wrong shape', () => {
    expect(validateAgainst('CreateChatCompletionResponse', { object: 'chat.completion', choices: [] })).not.toEqual([]);
    expect(validateAgainst('ErrorResponse', { error: 'boom' })).not.toEqual([]);
  });
});
