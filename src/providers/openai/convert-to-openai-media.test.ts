import { describe, expect, test } from 'vitest';
import type { Conversation, MediaPart } from '../../conversation/conversation.js';
import { InlineData } from '../../conversation/inline-data.js';
import type { GatewayError } from '../../errors.js';
import { inlinePart, readMedia, target, urlPart } from '../../../test/support/conversations.js';
import { validateChatCompletionRequest } from '../../../test/support/openai-spec-validator.js';
import { convertToOpenAIRequest } from './convert-to-openai-request.js';
import { gatewayErrorThrownBy } from '../../../test/support/thrown.js';

const gpt4o = target('openai', 'gpt-4o');

function userTurnWith(...parts: MediaPart[]): Conversation {
  return {
    system: undefined,
    turns: [{ role: 'user', messageId: 'p1', parts: [{ type: 'text', text: 'Look.' }, ...parts] }],
    params: {},
  };
}

/** Runs the converter and expects the 422 it throws. */
function conversionError(conversation: Conversation): GatewayError {
  return gatewayErrorThrownBy(() => convertToOpenAIRequest(conversation, gpt4o));
}

describe('convertToOpenAIRequest: media', () => {
  const pdfBytes = readMedia('document.pdf');
  const wavBytes = readMedia('audio.wav');
  const mp3Bytes = readMedia('audio.mp3');

  test('an inline PDF becomes a file part with its filename and a data URL', () => {
    const pdf = inlinePart('pdf', 'application/pdf', pdfBytes, { messageId: 'p1', index: 1 }, 'report.pdf');
    const { body } = convertToOpenAIRequest(userTurnWith(pdf), gpt4o);
    expect(body.messages).toEqual([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Look.' },
          { type: 'file', file: { filename: 'report.pdf', file_data: `data:application/pdf;base64,${pdfBytes.toString('base64')}` } },
        ],
      },
    ]);
    expect(validateChatCompletionRequest(body)).toEqual([]);
  });

  test('a PDF without a name gets one derived from where it sits', () => {
    const pdf = inlinePart('pdf', 'application/pdf', pdfBytes, { messageId: 'p1', index: 1 });
    const { body } = convertToOpenAIRequest(userTurnWith(pdf), gpt4o);
    expect(body.messages[0]).toMatchObject({ content: [{}, { file: { filename: 'p1-part-1.pdf' } }] });
  });

  test('a PDF by URL is a 422: Chat Completions has no file URL', () => {
    const error = conversionError(userTurnWith(urlPart('pdf', 'application/pdf', 'https://example.com/a.pdf', { messageId: 'p1', index: 1 })));
    expect(error.code).toBe('unsupported_modality');
    expect(error.status).toBe(422);
    expect(error.message).toBe(
      'message "p1", part 1: pdf (application/pdf) cannot be sent to model "openai-test" (openai): ' +
        'openai does not fetch pdf URLs; use attachments.mode inline',
    );
    expect(error.details[0]).toMatchObject({ messageId: 'p1', index: 1, kind: 'pdf' });
  });

  test.each([
    ['audio/wav', wavBytes, 'wav'],
    ['audio/mpeg', mp3Bytes, 'mp3'],
  ])('%s becomes input_audio with bare base64 and format %s', (mimeType, bytes, format) => {
    const audio = inlinePart('audio', mimeType, bytes, { messageId: 'p1', index: 1 });
    const { body } = convertToOpenAIRequest(userTurnWith(audio), gpt4o);
    expect(body.messages[0]).toEqual({
      role: 'user',
      content: [
        { type: 'text', text: 'Look.' },
        { type: 'input_audio', input_audio: { data: bytes.toString('base64'), format } },
      ],
    });
    expect(validateChatCompletionRequest(body)).toEqual([]);
  });

  test('ogg audio is a 422 listing what is accepted', () => {
    const error = conversionError(userTurnWith(inlinePart('audio', 'audio/ogg', readMedia('audio.ogg'), { messageId: 'p1', index: 1 })));
    expect(error.code).toBe('unsupported_modality');
    expect(error.message).toBe(
      'message "p1", part 1: audio (audio/ogg) cannot be sent to model "openai-test" (openai): ' +
        'openai accepts audio only as audio/wav, audio/x-wav, audio/wave, audio/vnd.wave, audio/mpeg, audio/mp3',
    );
  });

  test('audio by URL is a 422', () => {
    const error = conversionError(userTurnWith(urlPart('audio', 'audio/wav', 'https://example.com/a.wav', { messageId: 'p1', index: 1 })));
    expect(error.message).toContain('openai does not fetch audio URLs');
  });

  test.each([
    ['video/mp4', 'video.mp4'],
    ['video/webm', 'video.webm'],
  ])('%s video is a 422 naming the part', (mimeType, file) => {
    const error = conversionError(userTurnWith(inlinePart('video', mimeType, readMedia(file), { messageId: 'p1', index: 1 })));
    expect(error.code).toBe('unsupported_modality');
    expect(error.message).toBe(
      `message "p1", part 1: video (${mimeType}) cannot be sent to model "openai-test" (openai): openai does not accept video input`,
    );
  });

  test('a text document becomes a text part carrying its name and content', () => {
    const notes = readMedia('notes.txt');
    const document = inlinePart('text', 'text/plain', notes, { messageId: 'p1', index: 1 }, 'notes.txt');
    const { body } = convertToOpenAIRequest(userTurnWith(document), gpt4o);
    expect(body.messages[0]).toEqual({
      role: 'user',
      content: [
        { type: 'text', text: 'Look.' },
        { type: 'text', text: `<document filename="notes.txt">\n${notes.toString('utf8')}\n</document>` },
      ],
    });
  });

  test.each([
    ['image/gif', 'image.gif'],
    ['image/webp', 'image.webp'],
    ['image/jpeg', 'image.jpg'],
  ])('%s goes inline as a data URL', (mimeType, file) => {
    const bytes = readMedia(file);
    const { body } = convertToOpenAIRequest(userTurnWith(inlinePart('image', mimeType, bytes, { messageId: 'p1', index: 1 })), gpt4o);
    expect(body.messages[0]).toMatchObject({
      content: [{}, { type: 'image_url', image_url: { url: `data:${mimeType};base64,${bytes.toString('base64')}` } }],
    });
    expect(validateChatCompletionRequest(body)).toEqual([]);
  });

  test('an image type OpenAI does not read is a 422', () => {
    const error = conversionError(userTurnWith(urlPart('image', 'image/bmp', 'https://example.com/a.bmp', { messageId: 'p1', index: 1 })));
    expect(error.message).toContain('openai accepts image only as image/jpeg, image/png, image/gif, image/webp');
  });

  test('an image over 20 MiB is a 422 before any upload', () => {
    const huge: MediaPart = {
      type: 'media',
      kind: 'image',
      mimeType: 'image/png',
      source: { type: 'inline', data: InlineData.fromBase64('A'.repeat(28_000_000)) },
      filename: undefined,
      location: { messageId: 'p1', index: 1 },
    };
    const error = conversionError(userTurnWith(huge));
    expect(error.message).toContain("21000000 bytes is over openai's limit of 20971520 bytes per image");
  });

  test('media in an assistant turn is a 422, not dropped', () => {
    const conversation: Conversation = {
      system: undefined,
      turns: [
        { role: 'user', messageId: 'p1', parts: [{ type: 'text', text: 'Draw a cat.' }] },
        {
          role: 'assistant',
          messageId: 'r1',
          parts: [{ type: 'text', text: 'Here:' }, urlPart('image', 'image/png', 'https://example.com/cat.png', { messageId: 'r1', index: 1 })],
        },
        { role: 'user', messageId: 'p2', parts: [{ type: 'text', text: 'Thanks.' }] },
      ],
      params: {},
    };
    const error = conversionError(conversation);
    expect(error.code).toBe('unsupported_modality');
    expect(error.message).toBe(
      'message "r1", part 1: image (image/png) cannot be sent to model "openai-test" (openai): OpenAI takes media only in user messages',
    );
  });

  test('assistant text parts are joined with a blank line, skipping empty ones', () => {
    const conversation: Conversation = {
      system: undefined,
      turns: [
        {
          role: 'assistant',
          messageId: 'r1',
          parts: [
            { type: 'text', text: 'First.' },
            { type: 'text', text: '' },
            { type: 'text', text: 'Second.' },
          ],
        },
      ],
      params: {},
    };
    expect(convertToOpenAIRequest(conversation, gpt4o).body.messages).toEqual([{ role: 'assistant', content: 'First.\n\nSecond.' }]);
  });
});
