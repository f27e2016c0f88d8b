import { describe, expect, test } from 'vitest';
import type { Conversation, MediaPart } from '../../conversation/conversation.js';
import type { GatewayError } from '../../errors.js';
import {
  conversations,
  inlinePart,
  readMedia,
  target,
  tinyPngBase64,
  urlPart,
} from '../../../test/support/conversations.js';
import { validateResponsesRequest } from '../../../test/support/openai-spec-validator.js';
import { convertToOpenAIResponsesRequest, withResponsesStreaming } from './convert-to-openai-responses-request.js';
import { gatewayErrorThrownBy } from '../../../test/support/thrown.js';

const gpt41 = target('openai-responses', 'gpt-4.1');

function userTurnWith(part: MediaPart): Conversation {
  return { system: undefined, turns: [{ role: 'user', messageId: 'p1', parts: [{ type: 'text', text: 'Look.' }, part] }], params: {} };
}

function conversionError(conversation: Conversation): GatewayError {
  return gatewayErrorThrownBy(() => convertToOpenAIResponsesRequest(conversation, gpt41));
}

const at = { messageId: 'p1', index: 1 };

describe('convertToOpenAIResponsesRequest: shared conversations', () => {
  const cases: [name: keyof typeof conversations, expected: object, warnings: string[]][] = [
    [
      'singleTurn',
      { model: 'gpt-4.1', input: [{ role: 'user', content: [{ type: 'input_text', text: 'Hello there' }] }], store: false },
      [],
    ],
    [
      'multiTurnWithParams',
      {
        model: 'gpt-4.1',
        instructions: 'You are terse.',
        input: [
          { role: 'user', content: [{ type: 'input_text', text: 'What is 2+2?' }] },
          { role: 'assistant', content: '4' },
          { role: 'user', content: [{ type: 'input_text', text: 'And 3+3?' }] },
        ],
        store: false,
        max_output_tokens: 256,
        temperature: 0.2,
        top_p: 0.9,
      },
      ['stop was not sent: the OpenAI Responses API has no stop sequences', 'seed was not sent: the OpenAI Responses API has no seed'],
    ],
    [
      'imagesByUrlAndInline',
      {
        model: 'gpt-4.1',
        input: [
          {
            role: 'user',
            content: [
              { type: 'input_text', text: 'Compare these images.' },
              { type: 'input_image', image_url: 'https://example.com/cat.jpg', detail: 'auto' },
              { type: 'input_image', image_url: `data:image/png;base64,${tinyPngBase64}`, detail: 'auto' },
            ],
          },
        ],
        store: false,
        max_output_tokens: 100,
      },
      [],
    ],
    [
      'assistantFirstAndRepeatedRoles',
      {
        model: 'gpt-4.1',
        input: [
          { role: 'assistant', content: 'Hi, how can I help?' },
          { role: 'user', content: [{ type: 'input_text', text: 'First question.' }] },
          {
            role: 'user',
            content: [
              { type: 'input_text', text: '' },
              { type: 'input_text', text: 'Second question.' },
            ],
          },
        ],
        store: false,
      },
      [],
    ],
    [
      'structured',
      {
        model: 'gpt-4.1',
        instructions: 'Label the text.',
        input: [{ role: 'user', content: [{ type: 'input_text', text: 'Tom works at IBM.' }] }],
        store: false,
        max_output_tokens: 200,
        text: {
          format: {
            type: 'json_schema',
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
      [],
    ],
  ];

  test.each(cases)('%s', (name, expected, warnings) => {
    const result = convertToOpenAIResponsesRequest(conversations[name], gpt41);
    expect(result.body).toEqual(expected);
    expect(result.warnings).toEqual(warnings);
    expect(validateResponsesRequest(result.body)).toEqual([]);
    expect(validateResponsesRequest(withResponsesStreaming(result.body))).toEqual([]);
  });

  test('the streamed body only adds stream: true', () => {
    const { body } = convertToOpenAIResponsesRequest(conversations.singleTurn, gpt41);
    expect(withResponsesStreaming(body)).toEqual({ ...body, stream: true });
  });
});

describe('convertToOpenAIResponsesRequest: settings', () => {
  test('a reasoning model loses temperature and top_p with a warning each', () => {
    const result = convertToOpenAIResponsesRequest(conversations.multiTurnWithParams, target('openai-responses', 'o4-mini'));
    expect(result.body).not.toHaveProperty('temperature');
    expect(result.body).not.toHaveProperty('top_p');
    expect(result.body.max_output_tokens).toBe(256);
    expect(result.warnings).toEqual([
      'temperature was not sent: "o4-mini" is a reasoning model and rejects it',
      'top_p was not sent: "o4-mini" is a reasoning model and rejects it',
      'stop was not sent: the OpenAI Responses API has no stop sequences',
      'seed was not sent: the OpenAI Responses API has no seed',
    ]);
  });

  test('a limit under the API minimum of 16 is raised to 16 with a warning', () => {
    const result = convertToOpenAIResponsesRequest({ ...conversations.singleTurn, params: { maxTokens: 5 } }, gpt41);
    expect(result.body.max_output_tokens).toBe(16);
    expect(result.warnings).toEqual(['max_tokens 5 is below the OpenAI Responses API minimum; sent max_output_tokens 16']);
    expect(validateResponsesRequest(result.body)).toEqual([]);
  });

  test('an empty stop list gives no warning', () => {
    expect(convertToOpenAIResponsesRequest({ ...conversations.singleTurn, params: { stop: [] } }, gpt41).warnings).toEqual([]);
  });
});

describe('convertToOpenAIResponsesRequest: media', () => {
  const pdf = readMedia('document.pdf');

  test('an inline PDF becomes input_file with filename and a data URL', () => {
    const { body } = convertToOpenAIResponsesRequest(userTurnWith(inlinePart('pdf', 'application/pdf', pdf, at, 'report.pdf')), gpt41);
    expect(body.input[0]).toEqual({
      role: 'user',
      content: [
        { type: 'input_text', text: 'Look.' },
        { type: 'input_file', filename: 'report.pdf', file_data: `data:application/pdf;base64,${pdf.toString('base64')}` },
      ],
    });
    expect(validateResponsesRequest(body)).toEqual([]);
  });

  test('a PDF by URL becomes input_file with file_url', () => {
    const { body } = convertToOpenAIResponsesRequest(userTurnWith(urlPart('pdf', 'application/pdf', 'https://example.com/a.pdf', at)), gpt41);
    expect(body.input[0]).toEqual({
      role: 'user',
      content: [
        { type: 'input_text', text: 'Look.' },
        { type: 'input_file', file_url: 'https://example.com/a.pdf' },
      ],
    });
    expect(validateResponsesRequest(body)).toEqual([]);
  });

  test('a text document becomes input_text carrying its name', () => {
    const notes = readMedia('notes.txt');
    const { body } = convertToOpenAIResponsesRequest(userTurnWith(inlinePart('text', 'text/plain', notes, at, 'notes.txt')), gpt41);
    expect(body.input[0]).toMatchObject({
      content: [{}, { type: 'input_text', text: `<document filename="notes.txt">\n${notes.toString('utf8')}\n</document>` }],
    });
  });

  test.each([
    ['audio', 'audio/wav', 'audio.wav'],
    ['audio', 'audio/mpeg', 'audio.mp3'],
    ['video', 'video/mp4', 'video.mp4'],
  ] as const)('%s (%s) is a 422 naming the part', (kind, mimeType, file) => {
    const error = conversionError(userTurnWith(inlinePart(kind, mimeType, readMedia(file), at)));
    expect(error.code).toBe('unsupported_modality');
    expect(error.status).toBe(422);
    expect(error.message).toBe(
      `message "p1", part 1: ${kind} (${mimeType}) cannot be sent to model "openai-responses-test" ` +
        `(openai-responses): openai-responses does not accept ${kind} input`,
    );
    expect(error.details[0]).toMatchObject({ messageId: 'p1', index: 1, kind, provider: 'openai-responses' });
  });

  test('media in an assistant turn is a 422', () => {
    const conversation: Conversation = {
      system: undefined,
      turns: [
        {
          role: 'assistant',
          messageId: 'r1',
          parts: [urlPart('image', 'image/png', 'https://example.com/cat.png', { messageId: 'r1', index: 0 })],
        },
        { role: 'user', messageId: 'p1', parts: [{ type: 'text', text: 'And?' }] },
      ],
      params: {},
    };
    expect(conversionError(conversation).message).toBe(
      'message "r1", part 0: image (image/png) cannot be sent to model "openai-responses-test" (openai-responses): ' +
        'the OpenAI Responses API takes media only in user messages',
    );
  });
});

describe('the spec validator', () => {
  test('rejects an input_image without detail (required by the schema)', () => {
    const body = { model: 'gpt-4.1', input: [{ role: 'user', content: [{ type: 'input_image', image_url: 'https://example.com/a.png' }] }] };
    expect(validateResponsesRequest(body)).toContain("/input/0/content/0: must have required property 'detail'");
  });

  test('rejects max_output_tokens under 16', () => {
    const { body } = convertToOpenAIResponsesRequest(conversations.singleTurn, gpt41);
    expect(validateResponsesRequest({ ...body, max_output_tokens: 5 })).not.toEqual([]);
  });
});
