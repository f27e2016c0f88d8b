import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseChatConversation } from './chat-conversation.js';
import { lineariseConversation, type TargetModelSelector } from './linearise-conversation.js';
import { gatewayErrorThrownBy } from '../../test/support/thrown.js';

const twoModels: unknown = JSON.parse(readFileSync('fixtures/conversations/two-models.json', 'utf8'));

function path(conversation: unknown, selector: TargetModelSelector = {}): string[] {
  return lineariseConversation(parseChatConversation(conversation), selector).map((turn) => `${turn.role}:${turn.messageId}`);
}

const failure = gatewayErrorThrownBy;

function conversation(messages: Record<string, unknown>, rootMessageIds: string[], actors?: Record<string, unknown>): unknown {
  return {
    actors: actors ?? { u: { role: 'human' }, m: { role: 'model', metadata: { modelConfigName: 'M' } } },
    messages,
    rootMessageIds,
  };
}

describe('lineariseConversation', () => {
  it('follows the reply of the model named by model_config_name', () => {
    expect(path(twoModels, { modelConfigName: 'Claude' })).toEqual(['user:p1', 'assistant:rB', 'user:p2']);
    expect(path(twoModels, { modelConfigName: 'GPT' })).toEqual(['user:p1', 'assistant:rA', 'user:p2']);
  });

  it('matches model_config_id too', () => {
    expect(path(twoModels, { modelConfigId: '7c2a1e0b-0000-4000-8000-00000000000b' })).toEqual([
      'user:p1',
      'assistant:rB',
      'user:p2',
    ]);
  });

  it('falls back to the first listed child when several models answered and none is named', () => {
    expect(path(twoModels)).toEqual(['user:p1', 'assistant:rA', 'user:p2']);
  });

  it('keeps the parts of each message in order', () => {
    const turns = lineariseConversation(parseChatConversation(twoModels), {});
    expect(turns[0]?.parts).toEqual([
      { type: 'text', text: 'What is in this picture?' },
      {
        type: 'attachment',
        declaredKind: 'image',
        declaredMimeType: 'image/jpeg',
        reference: { type: 'url', url: 'https://images.example.com/cat.jpg' },
        filename: undefined,
        location: { messageId: 'p1', index: 1 },
      },
    ]);
  });

  it('rejects a path that ends on a model reply', () => {
    const error = failure(() =>
      path(
        conversation(
          {
            p1: { actorId: 'u', content: [{ type: 'text', content: 'hi' }], childMessageIds: ['r1'] },
            r1: { actorId: 'm', content: [{ type: 'text', content: 'hello' }], childMessageIds: [] },
          },
          ['p1'],
        ),
      ),
    );
    expect(error.code).toBe('invalid_conversation');
    expect(error.message).toMatch(/no human message to answer/);
  });

  it('rejects an empty conversation, a missing child, an unknown actor and a cycle', () => {
    expect(failure(() => path(conversation({}, []))).code).toBe('invalid_conversation');
    const missing = failure(() =>
      path(conversation({ p1: { actorId: 'u', content: [], childMessageIds: ['nope'] } }, ['p1'])),
    );
    expect(missing.message).toMatch(/"nope", which does not exist/);
    const unknownActor = failure(() => path(conversation({ p1: { actorId: 'ghost', content: [] } }, ['p1'])));
    expect(unknownActor.message).toMatch(/actor "ghost"/);
    const cycle = failure(() =>
      path(
        conversation(
          {
            p1: { actorId: 'u', content: [], childMessageIds: ['r1'] },
            r1: { actorId: 'm', content: [], childMessageIds: ['p1'] },
          },
          ['p1'],
        ),
      ),
    );
    expect(cycle.message).toMatch(/cycle/);
  });

  it('treats __proto__ and constructor as ordinary message ids', () => {
    const messages = JSON.parse(
      '{"__proto__": {"actorId": "u", "content": [{"type": "text", "content": "first"}], "childMessageIds": ["constructor"]},' +
        '"constructor": {"actorId": "m", "content": [{"type": "text", "content": "reply"}], "childMessageIds": ["p2"]},' +
        '"p2": {"actorId": "u", "content": [{"type": "text", "content": "second"}], "childMessageIds": []}}',
    ) as Record<string, unknown>;
    expect(path(conversation(messages, ['__proto__']))).toEqual(['user:__proto__', 'assistant:constructor', 'user:p2']);
    expect(({} as Record<string, unknown>).actorId).toBeUndefined();
  });

  it('names the message and field of a malformed message', () => {
    const error = failure(() => parseChatConversation(conversation({ p1: { actorId: 3, content: [] } }, ['p1'])));
    expect(error.code).toBe('invalid_conversation');
    expect(error.details).toContainEqual(expect.objectContaining({ path: 'data_row.row_data.messages.p1.actorId' }));
  });
});
