import { describe, expect, it } from 'vitest';
import type { Conversation, MediaPart, ResolvedPart, Turn } from '../../conversation/conversation.js';
import type { GatewayError } from '../../errors.js';
import {
  conversations,
  inlinePart,
  readMedia,
  target,
  tinyPngBase64,
  urlPart,
} from '../../../test/support/conversations.js';
import { anthropicMaxInlineImageBytes } from './anthropic-capabilities.js';
import { convertToAnthropicRequest } from './convert-to-anthropic-request.js';
import { gatewayErrorThrownBy } from '../../../test/support/thrown.js';

const claude = target('anthropic', 'claude-sonnet-4-5');
const maxTokensWarning = 'max_tokens is required by anthropic and was not set; using 4096';

function userTurn(messageId: string, parts: readonly ResolvedPart[]): Turn<ResolvedPart> {
  return { role: 'user', messageId, parts };
}

function conversationOf(turns: readonly Turn<ResolvedPart>[]): Conversation {
  return { system: undefined, turns, params: { maxTokens: 50 } };
}

/** One user message holding a question and one media part at index 1. */
function askAbout(part: MediaPart): Conversation {
  return conversationOf([userTurn('p1', [{ type: 'text', text: 'What is this?' }, part])]);
}

function conversionError(conversation: Conversation): GatewayError {
  return gatewayErrorThrownBy(() => convertToAnthropicRequest(conversation, claude));
}

const at = { messageId: 'p1', index: 1 };

describe('convertToAnthropicRequest on the shared conversations', () => {
  it('singleTurn: one user message, the default max_tokens and a warning', () => {
    expect(convertToAnthropicRequest(conversations.singleTurn, claude)).toEqual({
      body: {
        model: 'claude-sonnet-4-5',
        max_tokens: 4096,
        messages: [{ role: 'user', content: [{ type: 'text', text: 'Hello there' }] }],
      },
      warnings: [maxTokensWarning],
    });
  });

  it('multiTurnWithParams: system on top, vendor names, top_p and seed left out with warnings', () => {
    expect(convertToAnthropicRequest(conversations.multiTurnWithParams, claude)).toEqual({
      body: {
        model: 'claude-sonnet-4-5',
        max_tokens: 256,
        system: 'You are terse.',
        messages: [
          { role: 'user', content: [{ type: 'text', text: 'What is 2+2?' }] },
          { role: 'assistant', content: [{ type: 'text', text: '4' }] },
          { role: 'user', content: [{ type: 'text', text: 'And 3+3?' }] },
        ],
        temperature: 0.2,
        stop_sequences: ['END'],
      },
      warnings: [
        'anthropic models take temperature or top_p, not both; top_p was not sent',
        'anthropic does not support seed; it was not sent',
      ],
    });
  });

  it('imagesByUrlAndInline: a url source and a base64 source, in order', () => {
    expect(convertToAnthropicRequest(conversations.imagesByUrlAndInline, claude)).toEqual({
      body: {
        model: 'claude-sonnet-4-5',
        max_tokens: 100,
        messages: [
          {
            role: 'user',
            content: [
              { type: 'text', text: 'Compare these images.' },
              { type: 'image', source: { type: 'url', url: 'https://example.com/cat.jpg' } },
              { type: 'image', source: { type: 'base64', media_type: 'image/png', data: tinyPngBase64 } },
            ],
          },
        ],
      },
      warnings: [],
    });
  });

  it('assistantFirstAndRepeatedRoles: a user turn in front, the two user turns merged, empty text removed', () => {
    expect(convertToAnthropicRequest(conversations.assistantFirstAndRepeatedRoles, claude)).toEqual({
      body: {
        model: 'claude-sonnet-4-5',
        max_tokens: 4096,
        messages: [
          { role: 'user', content: [{ type: 'text', text: '(conversation start)' }] },
          { role: 'assistant', content: [{ type: 'text', text: 'Hi, how can I help?' }] },
          {
            role: 'user',
            content: [
              { type: 'text', text: 'First question.' },
              { type: 'text', text: 'Second question.' },
            ],
          },
        ],
      },
      warnings: [
        'anthropic needs the first message to come from the user; the conversation starts with the assistant, ' +
          'so a user message "(conversation start)" was put in front',
        maxTokensWarning,
      ],
    });
  });

  it('structured: output_config.format carries the JSON Schema', () => {
    expect(convertToAnthropicRequest(conversations.structured, claude)).toEqual({
      body: {
        model: 'claude-sonnet-4-5',
        max_tokens: 200,
        system: 'Label the text.',
        messages: [{ role: 'user', content: [{ type: 'text', text: 'Tom works at IBM.' }] }],
        output_config: {
          format: {
            type: 'json_schema',
            schema: {
              type: 'object',
              properties: { sentiment: { type: 'string', enum: ['positive', 'negative'] } },
              required: ['sentiment'],
              additionalProperties: false,
            },
          },
        },
      },
      warnings: [],
    });
  });
});

describe('convertToAnthropicRequest media', () => {
  it('sends an inline PDF as a base64 document titled with its file name', () => {
    const pdf = readMedia('document.pdf');
    const { body } = convertToAnthropicRequest(askAbout(inlinePart('pdf', 'application/pdf', pdf, at, 'report.pdf')), claude);
    expect(body.messages).toEqual([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'What is this?' },
          {
            type: 'document',
            source: { type: 'base64', media_type: 'application/pdf', data: pdf.toString('base64') },
            title: 'report.pdf',
          },
        ],
      },
    ]);
  });

  it('sends a PDF URL as a url document source', () => {
    const { body } = convertToAnthropicRequest(
      askAbout(urlPart('pdf', 'application/pdf', 'https://example.com/a.pdf', at)),
      claude,
    );
    expect(body.messages[0]?.content[1]).toEqual({ type: 'document', source: { type: 'url', url: 'https://example.com/a.pdf' } });
  });

  it('sends a text document as a plain-text document source', () => {
    const notes = readMedia('notes.txt');
    const { body } = convertToAnthropicRequest(askAbout(inlinePart('text', 'text/plain', notes, at, 'notes.txt')), claude);
    expect(body.messages[0]?.content[1]).toEqual({
      type: 'document',
      source: { type: 'text', media_type: 'text/plain', data: notes.toString('utf8') },
      title: 'notes.txt',
    });
  });

  it('sends GIF and WebP images with their media types', () => {
    const gif = readMedia('image.gif');
    const webp = readMedia('image.webp');
    const conversation = conversationOf([
      userTurn('p1', [
        inlinePart('image', 'image/gif', gif, { messageId: 'p1', index: 0 }),
        inlinePart('image', 'image/webp', webp, { messageId: 'p1', index: 1 }),
      ]),
    ]);
    expect(convertToAnthropicRequest(conversation, claude).body.messages[0]?.content).toEqual([
      { type: 'image', source: { type: 'base64', media_type: 'image/gif', data: gif.toString('base64') } },
      { type: 'image', source: { type: 'base64', media_type: 'image/webp', data: webp.toString('base64') } },
    ]);
  });

  it('accepts an image whose base64 form is exactly 5 MiB', () => {
    const largest = Buffer.alloc(anthropicMaxInlineImageBytes, 1);
    const { body } = convertToAnthropicRequest(askAbout(inlinePart('image', 'image/png', largest, at)), claude);
    const block = body.messages[0]?.content[1];
    expect(block?.type === 'image' && block.source.type === 'base64' ? block.source.data.length : 0).toBe(5 * 1024 * 1024);
  });

  it('refuses an image one byte over the limit with a 422 naming the part', () => {
    const error = conversionError(askAbout(inlinePart('image', 'image/png', Buffer.alloc(anthropicMaxInlineImageBytes + 1), at)));
    expect(error.code).toBe('unsupported_modality');
    expect(error.status).toBe(422);
    expect(error.message).toBe(
      'message "p1", part 1: image (image/png) cannot be sent to model "anthropic-test" (anthropic): ' +
        "3932161 bytes is over anthropic's limit of 3932160 bytes per image",
    );
  });

  it.each([
    ['audio', 'audio/wav', 'audio.wav'],
    ['video', 'video/mp4', 'video.mp4'],
  ] as const)('refuses %s with an exact 422 naming message and index', (kind, mimeType, file) => {
    const error = conversionError(askAbout(inlinePart(kind, mimeType, readMedia(file), at)));
    expect(error.code).toBe('unsupported_modality');
    expect(error.status).toBe(422);
    expect(error.message).toBe(
      `message "p1", part 1: ${kind} (${mimeType}) cannot be sent to model "anthropic-test" (anthropic): ` +
        `anthropic does not accept ${kind} input`,
    );
    expect(error.details).toEqual([
      {
        path: 'messages.p1.content.1',
        message: `anthropic does not accept ${kind} input`,
        messageId: 'p1',
        index: 1,
        kind,
        mimeType,
        model: 'anthropic-test',
        provider: 'anthropic',
      },
    ]);
  });

  it('refuses an image MIME type the API does not list', () => {
    const error = conversionError(askAbout(inlinePart('image', 'image/heic', Buffer.from('x'), at)));
    expect(error.message).toBe(
      'message "p1", part 1: image (image/heic) cannot be sent to model "anthropic-test" (anthropic): ' +
        'anthropic accepts image only as image/jpeg, image/png, image/gif, image/webp',
    );
  });

  it('refuses a text document by URL (the API fetches PDF URLs only)', () => {
    const error = conversionError(askAbout(urlPart('text', 'text/plain', 'https://example.com/notes.txt', at)));
    expect(error.code).toBe('unsupported_modality');
    expect(error.message).toContain('does not fetch text URLs');
  });

  it('refuses media in an assistant turn', () => {
    const conversation = conversationOf([
      userTurn('p1', [{ type: 'text', text: 'Draw a cat.' }]),
      {
        role: 'assistant',
        messageId: 'r1',
        parts: [inlinePart('image', 'image/png', Buffer.from(tinyPngBase64, 'base64'), { messageId: 'r1', index: 0 })],
      },
      userTurn('p2', [{ type: 'text', text: 'Thanks.' }]),
    ]);
    const error = conversionError(conversation);
    expect(error.code).toBe('unsupported_modality');
    expect(error.message).toBe(
      'message "r1", part 0: image (image/png) cannot be sent to model "anthropic-test" (anthropic): ' +
        'anthropic takes images and documents only in user messages',
    );
  });
});

describe('convertToAnthropicRequest turn rules', () => {
  it('leaves out an empty turn before the prompt with a warning and merges the turns around it', () => {
    const result = convertToAnthropicRequest(
      conversationOf([
        userTurn('p1', [{ type: 'text', text: 'One.' }]),
        { role: 'assistant', messageId: 'r1', parts: [{ type: 'text', text: '  ' }] },
        userTurn('p2', [{ type: 'text', text: 'Two.' }]),
      ]),
      claude,
    );
    expect(result.body.messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'One.' }, { type: 'text', text: 'Two.' }] },
    ]);
    expect(result.warnings).toEqual(['message "r1" has no content anthropic accepts (empty text) and was left out']);
  });

  it('refuses an empty prompt with invalid_conversation naming the message', () => {
    const error = conversionError(
      conversationOf([userTurn('p1', [{ type: 'text', text: 'One.' }]), userTurn('p2', [{ type: 'text', text: '' }])]),
    );
    expect(error.code).toBe('invalid_conversation');
    expect(error.status).toBe(400);
    expect(error.message).toBe(
      'message "p2" is the last message of the conversation and has no content to send (empty text)',
    );
  });

  it('refuses a conversation with no turns', () => {
    expect(conversionError(conversationOf([])).code).toBe('invalid_conversation');
  });

  it('still reports an unsupported part inside a turn that would be dropped', () => {
    const error = conversionError(
      conversationOf([
        userTurn('p1', [inlinePart('audio', 'audio/wav', readMedia('audio.wav'), { messageId: 'p1', index: 0 })]),
        userTurn('p2', [{ type: 'text', text: 'Hi' }]),
      ]),
    );
    expect(error.code).toBe('unsupported_modality');
  });
});

describe('convertToAnthropicRequest params', () => {
  it('sends top_p when it is the only sampling setting', () => {
    const { body, warnings } = convertToAnthropicRequest(
      { ...conversations.singleTurn, params: { topP: 0.5, maxTokens: 10 } },
      claude,
    );
    expect(body.top_p).toBe(0.5);
    expect(body.temperature).toBeUndefined();
    expect(warnings).toEqual([]);
  });

  it('leaves out an empty stop list and a blank system prompt', () => {
    const { body } = convertToAnthropicRequest(
      { system: '   ', turns: conversations.singleTurn.turns, params: { stop: [], maxTokens: 10 } },
      claude,
    );
    expect(body).toEqual({
      model: 'claude-sonnet-4-5',
      max_tokens: 10,
      messages: [{ role: 'user', content: [{ type: 'text', text: 'Hello there' }] }],
    });
  });
});
