import { describe, expect, it } from 'vitest';
import type { Conversation, MediaKind, MediaPart } from '../../conversation/conversation.js';
import {
  conversations,
  inlinePart,
  readMedia,
  target,
  tinyPngBase64,
  urlPart,
} from '../../../test/support/conversations.js';
import { convertToGeminiRequest, type GeminiConversion } from './convert-to-gemini-request.js';
import type { GeminiRequestBody } from './gemini-request-types.js';
import { gatewayErrorThrownBy } from '../../../test/support/thrown.js';

const gemini = target('gemini', 'gemini-2.5-flash');

function oneUserTurn(...parts: Conversation['turns'][number]['parts']): Conversation {
  return { system: undefined, turns: [{ role: 'user', messageId: 'p1', parts }], params: {} };
}

function convert(conversation: Conversation, inlineBudgetBytes?: number): GeminiConversion {
  return convertToGeminiRequest(conversation, gemini, inlineBudgetBytes === undefined ? {} : { inlineBudgetBytes });
}

const thrownBy = gatewayErrorThrownBy;

describe('convertToGeminiRequest: shared conversations', () => {
  const expected: Record<keyof typeof conversations, GeminiRequestBody> = {
    singleTurn: { contents: [{ role: 'user', parts: [{ text: 'Hello there' }] }] },
    multiTurnWithParams: {
      contents: [
        { role: 'user', parts: [{ text: 'What is 2+2?' }] },
        { role: 'model', parts: [{ text: '4' }] },
        { role: 'user', parts: [{ text: 'And 3+3?' }] },
      ],
      systemInstruction: { parts: [{ text: 'You are terse.' }] },
      generationConfig: { temperature: 0.2, topP: 0.9, maxOutputTokens: 256, stopSequences: ['END'], seed: 7 },
    },
    imagesByUrlAndInline: {
      contents: [
        {
          role: 'user',
          parts: [
            { text: 'Compare these images.' },
            { fileData: { mimeType: 'image/jpeg', fileUri: 'https://example.com/cat.jpg' } },
            { inlineData: { mimeType: 'image/png', data: tinyPngBase64 } },
          ],
        },
      ],
      generationConfig: { maxOutputTokens: 100 },
    },
    assistantFirstAndRepeatedRoles: {
      contents: [
        { role: 'model', parts: [{ text: 'Hi, how can I help?' }] },
        // p1 and p2 merged into one user Content; the empty text part is gone.
        { role: 'user', parts: [{ text: 'First question.' }, { text: 'Second question.' }] },
      ],
    },
    structured: {
      contents: [{ role: 'user', parts: [{ text: 'Tom works at IBM.' }] }],
      systemInstruction: { parts: [{ text: 'Label the text.' }] },
      generationConfig: {
        maxOutputTokens: 200,
        responseMimeType: 'application/json',
        responseJsonSchema: {
          type: 'object',
          properties: { sentiment: { type: 'string', enum: ['positive', 'negative'] } },
          required: ['sentiment'],
          additionalProperties: false,
        },
      },
    },
  };

  it.each(Object.keys(expected) as (keyof typeof conversations)[])('%s', (name) => {
    const result = convert(conversations[name]);
    expect(result.body).toEqual(expected[name]);
    expect(result.warnings).toEqual([]);
    expect(result.uploads).toEqual([]);
  });

  it('keeps media in model turns and merges a model run', () => {
    const conversation: Conversation = {
      system: '',
      turns: [
        { role: 'user', messageId: 'p1', parts: [{ type: 'text', text: 'Draw.' }] },
        { role: 'assistant', messageId: 'r1', parts: [{ type: 'text', text: 'Here:' }] },
        {
          role: 'assistant',
          messageId: 'r2',
          parts: [inlinePart('image', 'image/png', Buffer.from(tinyPngBase64, 'base64'), { messageId: 'r2', index: 0 })],
        },
        { role: 'user', messageId: 'p2', parts: [{ type: 'text', text: 'Thanks' }] },
      ],
      params: {},
    };
    expect(convert(conversation).body).toEqual({
      contents: [
        { role: 'user', parts: [{ text: 'Draw.' }] },
        { role: 'model', parts: [{ text: 'Here:' }, { inlineData: { mimeType: 'image/png', data: tinyPngBase64 } }] },
        { role: 'user', parts: [{ text: 'Thanks' }] },
      ],
    });
  });

  it('drops a turn left with no parts and merges its neighbours', () => {
    const conversation: Conversation = {
      system: undefined,
      turns: [
        { role: 'user', messageId: 'p1', parts: [{ type: 'text', text: 'One' }] },
        { role: 'assistant', messageId: 'r1', parts: [{ type: 'text', text: '' }] },
        { role: 'user', messageId: 'p2', parts: [{ type: 'text', text: 'Two' }] },
      ],
      params: {},
    };
    expect(convert(conversation).body).toEqual({
      contents: [{ role: 'user', parts: [{ text: 'One' }, { text: 'Two' }] }],
    });
  });

  it('refuses more than five stop sequences with a 400 naming the parameter', () => {
    const error = thrownBy(() =>
      convert({ ...conversations.singleTurn, params: { stop: ['a', 'b', 'c', 'd', 'e', 'f'] } }),
    );
    expect(error.code).toBe('invalid_request');
    expect(error.status).toBe(400);
    expect(error.details).toEqual([{ path: 'inference_params.stop', message: '6 given, at most 5' }]);
  });
});

describe('convertToGeminiRequest: media kinds from real files', () => {
  const cases: readonly [file: string, kind: MediaKind, sniffed: string, sent: string][] = [
    ['image.png', 'image', 'image/png', 'image/png'],
    ['image.jpg', 'image', 'image/jpeg', 'image/jpeg'],
    ['image.webp', 'image', 'image/webp', 'image/webp'],
    ['audio.wav', 'audio', 'audio/wav', 'audio/wav'],
    ['audio.mp3', 'audio', 'audio/mpeg', 'audio/mp3'],
    ['audio.ogg', 'audio', 'audio/ogg', 'audio/ogg'],
    ['video.mp4', 'video', 'video/mp4', 'video/mp4'],
    ['video.webm', 'video', 'video/webm', 'video/webm'],
    ['document.pdf', 'pdf', 'application/pdf', 'application/pdf'],
    ['notes.txt', 'text', 'text/plain', 'text/plain'],
    ['page.html', 'text', 'text/html', 'text/html'],
  ];

  it.each(cases)('%s (%s, %s) goes inline as %s', (file, kind, sniffed, sent) => {
    const bytes = readMedia(file);
    const result = convert(oneUserTurn(inlinePart(kind, sniffed, bytes, { messageId: 'p1', index: 0 })));
    expect(result.body).toEqual({
      contents: [{ role: 'user', parts: [{ inlineData: { mimeType: sent, data: bytes.toString('base64') } }] }],
    });
    expect(result.uploads).toEqual([]);
  });

  it('refuses GIF (not in Google’s image list) with the exact 422', () => {
    const part = inlinePart('image', 'image/gif', readMedia('image.gif'), { messageId: 'p1', index: 1 });
    const error = thrownBy(() => convert(oneUserTurn({ type: 'text', text: 'What is this?' }, part)));
    const reason = 'gemini accepts image only as image/png, image/jpeg, image/webp, image/heic, image/heif, image/jpg';
    expect(error.code).toBe('unsupported_modality');
    expect(error.status).toBe(422);
    expect(error.message).toBe(
      `message "p1", part 1: image (image/gif) cannot be sent to model "gemini-test" (gemini): ${reason}`,
    );
    expect(error.details).toEqual([
      {
        path: 'messages.p1.content.1',
        message: reason,
        messageId: 'p1',
        index: 1,
        kind: 'image',
        mimeType: 'image/gif',
        model: 'gemini-test',
        provider: 'gemini',
      },
    ]);
  });

  it('refuses an audio format Google does not list (audio/webm)', () => {
    const part = inlinePart('audio', 'audio/webm', readMedia('video.webm'), { messageId: 'p1', index: 0 });
    const error = thrownBy(() => convert(oneUserTurn(part)));
    expect(error.code).toBe('unsupported_modality');
    expect(error.message).toContain('message "p1", part 0: audio (audio/webm)');
  });

  it('normalises aliases to Google’s spelling', () => {
    const bytes = Buffer.from('x');
    const aliases: readonly [MediaKind, string, string][] = [
      ['video', 'video/quicktime', 'video/mov'],
      ['video', 'video/x-msvideo', 'video/avi'],
      ['audio', 'audio/x-wav', 'audio/wav'],
      ['audio', 'audio/x-flac', 'audio/flac'],
      ['text', 'text/markdown', 'text/md'],
    ];
    const parts = aliases.map(([kind, mimeType], index) => inlinePart(kind, mimeType, bytes, { messageId: 'p1', index }));
    expect(convert(oneUserTurn(...parts)).body.contents[0]?.parts).toEqual(
      aliases.map(([, , sent]) => ({ inlineData: { mimeType: sent, data: 'eA==' } })),
    );
  });
});

describe('convertToGeminiRequest: URL parts', () => {
  it('sends gs://, https and YouTube URLs as fileData (YouTube without a MIME type)', () => {
    const result = convert(
      oneUserTurn(
        urlPart('pdf', 'application/pdf', 'gs://bucket/report.pdf', { messageId: 'p1', index: 0 }),
        urlPart('audio', 'audio/mpeg', 'https://example.com/talk.mp3', { messageId: 'p1', index: 1 }),
        urlPart('video', 'video/mp4', 'https://www.youtube.com/watch?v=9hE5-98ZeCg', { messageId: 'p1', index: 2 }),
        urlPart('video', 'video/mp4', 'https://youtu.be/9hE5-98ZeCg', { messageId: 'p1', index: 3 }),
      ),
    );
    expect(result.body.contents).toEqual([
      {
        role: 'user',
        parts: [
          { fileData: { mimeType: 'application/pdf', fileUri: 'gs://bucket/report.pdf' } },
          { fileData: { mimeType: 'audio/mp3', fileUri: 'https://example.com/talk.mp3' } },
          { fileData: { fileUri: 'https://www.youtube.com/watch?v=9hE5-98ZeCg' } },
          { fileData: { fileUri: 'https://youtu.be/9hE5-98ZeCg' } },
        ],
      },
    ]);
  });

  it('refuses a YouTube link declared as something other than video', () => {
    const part: MediaPart = urlPart('image', 'image/jpeg', 'https://www.youtube.com/watch?v=x', { messageId: 'p1', index: 0 });
    const error = thrownBy(() => convert(oneUserTurn(part)));
    expect(error.code).toBe('unsupported_modality');
    expect(error.message).toBe(
      'message "p1", part 0: image (image/jpeg) cannot be sent to model "gemini-test" (gemini): gemini takes YouTube links only as video',
    );
  });
});

describe('convertToGeminiRequest: inline budget', () => {
  it('inlines parts while they fit and marks the rest for upload with a placeholder and a warning', () => {
    const png = readMedia('image.png');
    const video = readMedia('video.mp4');
    const pdf = readMedia('document.pdf');
    // The PNG fits, the video does not, the smaller PDF still fits in what is left.
    const budget = png.byteLength + pdf.byteLength;
    const videoPart = inlinePart('video', 'video/mp4', video, { messageId: 'p 1', index: 1 }, 'clip.mp4');
    const result = convert(
      {
        system: undefined,
        turns: [
          {
            role: 'user',
            messageId: 'p 1',
            parts: [
              inlinePart('image', 'image/png', png, { messageId: 'p 1', index: 0 }),
              videoPart,
              inlinePart('pdf', 'application/pdf', pdf, { messageId: 'p 1', index: 2 }),
            ],
          },
        ],
        params: {},
      },
      budget,
    );
    expect(result.body.contents).toEqual([
      {
        role: 'user',
        parts: [
          { inlineData: { mimeType: 'image/png', data: png.toString('base64') } },
          { fileData: { mimeType: 'video/mp4', fileUri: 'gateway-upload://p%201/1' } },
          { inlineData: { mimeType: 'application/pdf', data: pdf.toString('base64') } },
        ],
      },
    ]);
    expect(result.uploads).toEqual([
      {
        placeholderUri: 'gateway-upload://p%201/1',
        mimeType: 'video/mp4',
        data: videoPart.source.type === 'inline' ? videoPart.source.data : undefined,
        displayName: 'clip.mp4',
        location: { messageId: 'p 1', index: 1 },
      },
    ]);
    expect(result.warnings).toEqual([
      `message "p 1", part 1: video (${video.byteLength} bytes) is sent through the Gemini Files API because the ` +
        `request's inline budget is used up; its URI replaces gateway-upload://p%201/1 when the request is sent`,
    ]);
  });

  it('still refuses a part over the Files API limit for its kind (PDF: 50 MB)', () => {
    const big = inlinePart('pdf', 'application/pdf', Buffer.alloc(50 * 1024 * 1024 + 1), { messageId: 'p1', index: 0 });
    const error = thrownBy(() => convert(oneUserTurn(big)));
    expect(error.code).toBe('unsupported_modality');
    expect(error.message).toContain("over gemini's limit of 52428800 bytes per pdf");
  });
});
