import { describe, expect, test } from 'vitest';
import type { Conversation, MediaPart } from '../../conversation/conversation.js';
import type { GatewayError } from '../../errors.js';
import { conversations, inlinePart, readMedia, target, urlPart } from '../../../test/support/conversations.js';
import { validateChatCompletionRequest } from '../../../test/support/openai-spec-validator.js';
import type { CompatibleMediaPartType, ModelTarget } from '../provider.js';
import { convertToOpenAICompatibleRequest } from './convert-to-openai-compatible-request.js';
import { openAICompatibleCapabilities } from './openai-compatible-capabilities.js';
import { gatewayErrorThrownBy } from '../../../test/support/thrown.js';

function server(accepts: readonly CompatibleMediaPartType[] = []): ModelTarget {
  return target('openai-compatible', 'llama-3.1-8b', { baseUrl: 'http://127.0.0.1:8000/v1', accepts });
}

function userTurnWith(part: MediaPart): Conversation {
  return { system: undefined, turns: [{ role: 'user', messageId: 'p1', parts: [part] }], params: {} };
}

function onlyPart(conversation: Conversation, model: ModelTarget): unknown {
  const { body } = convertToOpenAICompatibleRequest(conversation, model);
  const [message] = body.messages;
  return message !== undefined && message.role === 'user' ? message.content[0] : undefined;
}

function conversionError(conversation: Conversation, model: ModelTarget): GatewayError {
  return gatewayErrorThrownBy(() => convertToOpenAICompatibleRequest(conversation, model));
}

const at = { messageId: 'p1', index: 0 };
const wav = readMedia('audio.wav');
const ogg = readMedia('audio.ogg');
const webm = readMedia('video.webm');
const pdf = readMedia('document.pdf');

describe('convertToOpenAICompatibleRequest: differences from OpenAI', () => {
  test('sends max_tokens, the field local servers read', () => {
    const result = convertToOpenAICompatibleRequest(conversations.multiTurnWithParams, server());
    expect(result.body).toEqual({
      model: 'llama-3.1-8b',
      messages: [
        { role: 'system', content: 'You are terse.' },
        { role: 'user', content: [{ type: 'text', text: 'What is 2+2?' }] },
        { role: 'assistant', content: '4' },
        { role: 'user', content: [{ type: 'text', text: 'And 3+3?' }] },
      ],
      max_tokens: 256,
      temperature: 0.2,
      top_p: 0.9,
      stop: ['END'],
      seed: 7,
    });
    expect(result.warnings).toEqual([]);
    expect(validateChatCompletionRequest(result.body)).toEqual([]);
  });

  test('applies no OpenAI model rules: a model named like o3 keeps its settings', () => {
    const result = convertToOpenAICompatibleRequest(conversations.multiTurnWithParams, { ...server(), model: 'o3-local' });
    expect(result.body).toMatchObject({ temperature: 0.2, top_p: 0.9, stop: ['END'] });
    expect(result.warnings).toEqual([]);
  });

  test('has no cap on stop sequences', () => {
    const conversation: Conversation = { ...conversations.singleTurn, params: { stop: ['a', 'b', 'c', 'd', 'e'] } };
    expect(convertToOpenAICompatibleRequest(conversation, server()).body.stop).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  test('structured output uses the same response_format', () => {
    const { body } = convertToOpenAICompatibleRequest(conversations.structured, server());
    expect(body.response_format).toEqual({
      type: 'json_schema',
      json_schema: { name: 'predictions', schema: conversations.structured.params.structuredOutput.schema, strict: true },
    });
    expect(body.max_tokens).toBe(200);
  });

  test.each(Object.keys(conversations) as (keyof typeof conversations)[])('%s validates against the Chat schema', (name) => {
    expect(validateChatCompletionRequest(convertToOpenAICompatibleRequest(conversations[name], server()).body)).toEqual([]);
  });
});

describe('convertToOpenAICompatibleRequest: without accepts', () => {
  test('images still go through, by URL and inline', () => {
    const { body } = convertToOpenAICompatibleRequest(conversations.imagesByUrlAndInline, server());
    expect(body.messages[0]).toMatchObject({
      content: [{ type: 'text' }, { type: 'image_url', image_url: { url: 'https://example.com/cat.jpg' } }, { type: 'image_url' }],
    });
  });

  test.each([
    ['audio', inlinePart('audio', 'audio/wav', wav, at)],
    ['video', inlinePart('video', 'video/webm', webm, at)],
    ['pdf', inlinePart('pdf', 'application/pdf', pdf, at)],
  ])('%s is a 422 naming the part', (kind, part) => {
    const error = conversionError(userTurnWith(part), server());
    expect(error.code).toBe('unsupported_modality');
    expect(error.message).toBe(
      `message "p1", part 0: ${kind} (${part.mimeType}) cannot be sent to model "openai-compatible-test" ` +
        `(openai-compatible): openai-compatible does not accept ${kind} input`,
    );
  });

  test('the capability table lists only images and text documents', () => {
    expect(Object.keys(openAICompatibleCapabilities([])).sort()).toEqual(['image', 'text']);
  });
});

describe('convertToOpenAICompatibleRequest: with accepts', () => {
  test('input_audio: inline wav goes as input_audio', () => {
    expect(onlyPart(userTurnWith(inlinePart('audio', 'audio/wav', wav, at)), server(['input_audio']))).toEqual({
      type: 'input_audio',
      input_audio: { data: wav.toString('base64'), format: 'wav' },
    });
  });

  test('input_audio only: an audio URL or an ogg file is a 422', () => {
    const byUrl = conversionError(userTurnWith(urlPart('audio', 'audio/wav', 'https://example.com/a.wav', at)), server(['input_audio']));
    expect(byUrl.message).toContain('openai-compatible does not fetch audio URLs');
    const oggInline = conversionError(userTurnWith(inlinePart('audio', 'audio/ogg', ogg, at)), server(['input_audio']));
    expect(oggInline.message).toContain('openai-compatible accepts audio only as audio/wav');
  });

  test('audio_url: a URL is passed on, inline audio of any listed type becomes a data URL', () => {
    expect(onlyPart(userTurnWith(urlPart('audio', 'audio/wav', 'https://example.com/a.wav', at)), server(['audio_url']))).toEqual({
      type: 'audio_url',
      audio_url: { url: 'https://example.com/a.wav' },
    });
    expect(onlyPart(userTurnWith(inlinePart('audio', 'audio/wav', wav, at)), server(['audio_url']))).toEqual({
      type: 'audio_url',
      audio_url: { url: `data:audio/wav;base64,${wav.toString('base64')}` },
    });
    expect(onlyPart(userTurnWith(inlinePart('audio', 'audio/ogg', ogg, at)), server(['audio_url']))).toEqual({
      type: 'audio_url',
      audio_url: { url: `data:audio/ogg;base64,${ogg.toString('base64')}` },
    });
  });

  test('both audio types: inline wav prefers input_audio, ogg falls back to audio_url', () => {
    const both = server(['input_audio', 'audio_url']);
    expect(onlyPart(userTurnWith(inlinePart('audio', 'audio/wav', wav, at)), both)).toMatchObject({ type: 'input_audio' });
    expect(onlyPart(userTurnWith(inlinePart('audio', 'audio/ogg', ogg, at)), both)).toMatchObject({ type: 'audio_url' });
  });

  test('video_url: by URL and inline as a data URL', () => {
    expect(onlyPart(userTurnWith(urlPart('video', 'video/mp4', 'https://example.com/v.mp4', at)), server(['video_url']))).toEqual({
      type: 'video_url',
      video_url: { url: 'https://example.com/v.mp4' },
    });
    expect(onlyPart(userTurnWith(inlinePart('video', 'video/webm', webm, at)), server(['video_url']))).toEqual({
      type: 'video_url',
      video_url: { url: `data:video/webm;base64,${webm.toString('base64')}` },
    });
  });

  test('file: an inline PDF becomes a file part; a PDF URL is still a 422', () => {
    expect(onlyPart(userTurnWith(inlinePart('pdf', 'application/pdf', pdf, at, 'report.pdf')), server(['file']))).toEqual({
      type: 'file',
      file: { filename: 'report.pdf', file_data: `data:application/pdf;base64,${pdf.toString('base64')}` },
    });
    const byUrl = conversionError(userTurnWith(urlPart('pdf', 'application/pdf', 'https://example.com/a.pdf', at)), server(['file']));
    expect(byUrl.message).toContain('openai-compatible does not fetch pdf URLs');
  });

  test('accepting one extra type does not open the others', () => {
    const error = conversionError(userTurnWith(inlinePart('video', 'video/webm', webm, at)), server(['audio_url', 'file']));
    expect(error.message).toContain('openai-compatible does not accept video input');
  });
});

describe('structured output on a server without json_schema support', () => {
  test('falls back to JSON mode with the schema in the system prompt when configured', () => {
    const jsonMode = { ...target('openai-compatible', 'llama-3.1-8b', { baseUrl: 'http://127.0.0.1:8000/v1' }), structuredOutput: 'json_object' as const };
    const { body, warnings } = convertToOpenAICompatibleRequest(conversations.structured, jsonMode);
    expect(body.response_format).toEqual({ type: 'json_object' });
    expect(body.messages[0]).toEqual({
      role: 'system',
      content: `Label the text.\n\nAnswer with one JSON object that follows this JSON Schema:\n${JSON.stringify(conversations.structured.params.structuredOutput.schema)}`,
    });
    expect(warnings).toEqual([expect.stringContaining('JSON mode')]);
  });
});
