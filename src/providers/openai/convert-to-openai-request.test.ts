import { describe, expect, test } from 'vitest';
import type { Conversation } from '../../conversation/conversation.js';
import type { GatewayError } from '../../errors.js';
import { conversations, target, tinyPngBase64 } from '../../../test/support/conversations.js';
import { validateChatCompletionRequest } from '../../../test/support/openai-spec-validator.js';
import { withChatStreaming } from './convert-to-chat-completions.js';
import { convertToOpenAIRequest } from './convert-to-openai-request.js';
import { isReasoningModel } from './reasoning-models.js';
import { gatewayErrorThrownBy } from '../../../test/support/thrown.js';

const gpt4o = target('openai', 'gpt-4o');

/** Runs the converter and expects the 422 it throws. */
function conversionError(conversation: Conversation, model = gpt4o): GatewayError {
  return gatewayErrorThrownBy(() => convertToOpenAIRequest(conversation, model));
}

describe('convertToOpenAIRequest: shared conversations', () => {
  const cases: [name: keyof typeof conversations, expected: object][] = [
    ['singleTurn', { model: 'gpt-4o', messages: [{ role: 'user', content: [{ type: 'text', text: 'Hello there' }] }] }],
    [
      'multiTurnWithParams',
      {
        model: 'gpt-4o',
        messages: [
          { role: 'system', content: 'You are terse.' },
          { role: 'user', content: [{ type: 'text', text: 'What is 2+2?' }] },
          { role: 'assistant', content: '4' },
          { role: 'user', content: [{ type: 'text', text: 'And 3+3?' }] },
        ],
        max_completion_tokens: 256,
        temperature: 0.2,
        top_p: 0.9,
        stop: ['END'],
        seed: 7,
      },
    ],
    [
      'imagesByUrlAndInline',
      {
        model: 'gpt-4o',
        messages: [
          {
            role: 'user',
            content: [
              { type: 'text', text: 'Compare these images.' },
              { type: 'image_url', image_url: { url: 'https://example.com/cat.jpg' } },
              { type: 'image_url', image_url: { url: `data:image/png;base64,${tinyPngBase64}` } },
            ],
          },
        ],
        max_completion_tokens: 100,
      },
    ],
    [
      'assistantFirstAndRepeatedRoles',
      {
        model: 'gpt-4o',
        messages: [
          { role: 'assistant', content: 'Hi, how can I help?' },
          { role: 'user', content: [{ type: 'text', text: 'First question.' }] },
          {
            role: 'user',
            content: [
              { type: 'text', text: '' },
              { type: 'text', text: 'Second question.' },
            ],
          },
        ],
      },
    ],
    [
      'structured',
      {
        model: 'gpt-4o',
        messages: [
          { role: 'system', content: 'Label the text.' },
          { role: 'user', content: [{ type: 'text', text: 'Tom works at IBM.' }] },
        ],
        max_completion_tokens: 200,
        response_format: {
          type: 'json_schema',
          json_schema: {
            name: 'predictions',
            schema: {
              type: 'object',
              properties: { sentiment: { type: 'string', enum: ['positive', 'negative'] } },
              required: ['sentiment'],
              additionalProperties: false,
            },
            strict: true,
          },
        },
      },
    ],
  ];

  test.each(cases)('%s', (name, expected) => {
    const result = convertToOpenAIRequest(conversations[name], gpt4o);
    expect(result.body).toEqual(expected);
    expect(result.warnings).toEqual([]);
    expect(validateChatCompletionRequest(result.body)).toEqual([]);
    expect(validateChatCompletionRequest(withChatStreaming(result.body))).toEqual([]);
  });

  test('the streamed body adds stream and include_usage and nothing else', () => {
    const { body } = convertToOpenAIRequest(conversations.singleTurn, gpt4o);
    expect(withChatStreaming(body)).toEqual({ ...body, stream: true, stream_options: { include_usage: true } });
  });
});

describe('convertToOpenAIRequest: reasoning models', () => {
  test.each([
    ['o1', true],
    ['o3', true],
    ['o3-mini-2025-01-31', true],
    ['o4-mini', true],
    ['gpt-5', true],
    ['gpt-5-mini', true],
    ['gpt-5.1', true],
    ['ft:o4-mini-2025-04-16:acme::abc123', true],
    ['gpt-5-chat-latest', false],
    ['gpt-5.1-chat-latest', false],
    ['gpt-4o', false],
    ['gpt-4.1-mini', false],
    ['chatgpt-4o-latest', false],
  ])('%s is a reasoning model: %s', (model, expected) => {
    expect(isReasoningModel(model)).toBe(expected);
  });

  test('o3 loses temperature, top_p and stop with a warning each, and keeps the rest', () => {
    const result = convertToOpenAIRequest(conversations.multiTurnWithParams, target('openai', 'o3'));
    expect(result.body).toEqual({
      model: 'o3',
      messages: [
        { role: 'system', content: 'You are terse.' },
        { role: 'user', content: [{ type: 'text', text: 'What is 2+2?' }] },
        { role: 'assistant', content: '4' },
        { role: 'user', content: [{ type: 'text', text: 'And 3+3?' }] },
      ],
      max_completion_tokens: 256,
      seed: 7,
    });
    expect(result.warnings).toEqual([
      'temperature was not sent: "o3" is a reasoning model and rejects it',
      'top_p was not sent: "o3" is a reasoning model and rejects it',
      'stop was not sent: "o3" is a reasoning model and rejects it',
    ]);
    expect(validateChatCompletionRequest(result.body)).toEqual([]);
  });

  test('a reasoning model with no sampling settings gets no warnings', () => {
    expect(convertToOpenAIRequest(conversations.structured, target('openai', 'gpt-5')).warnings).toEqual([]);
  });
});

describe('convertToOpenAIRequest: stop sequences', () => {
  test('more than four is a 400 naming the setting', () => {
    const conversation: Conversation = { ...conversations.singleTurn, params: { stop: ['a', 'b', 'c', 'd', 'e'] } };
    const error = conversionError(conversation);
    expect(error.code).toBe('invalid_request');
    expect(error.message).toBe('OpenAI takes at most 4 stop sequences; got 5');
    expect(error.details).toEqual([{ path: 'inference_params.stop', message: 'OpenAI takes at most 4 stop sequences; got 5' }]);
  });

  test('an empty list is left out (the schema wants at least one)', () => {
    const conversation: Conversation = { ...conversations.singleTurn, params: { stop: [] } };
    expect(convertToOpenAIRequest(conversation, gpt4o).body).not.toHaveProperty('stop');
  });
});

describe('the spec validator', () => {
  test('rejects a body with a content part type OpenAI does not have', () => {
    const body = { model: 'gpt-4o', messages: [{ role: 'user', content: [{ type: 'image', url: 'https://example.com/a.png' }] }] };
    expect(validateChatCompletionRequest(body)).not.toEqual([]);
  });

  test('rejects a body without messages', () => {
    expect(validateChatCompletionRequest({ model: 'gpt-4o' })).toContain("/: must have required property 'messages'");
  });

  test('rejects more than four stop sequences', () => {
    const { body } = convertToOpenAIRequest(conversations.singleTurn, gpt4o);
    expect(validateChatCompletionRequest({ ...body, stop: ['a', 'b', 'c', 'd', 'e'] })).not.toEqual([]);
  });
});
