/**
 * The exact native body each vendor must receive for `comparisonConversation` with
 * `comparisonParams` (the Claude branch of two-models.json, a system prompt, every setting, one
 * image fetched from the media host and two given inline), written out by hand from each vendor's
 * API reference so the test does not trust the converter to describe itself.
 */

import { mediaBase64, systemPrompt, type VendorProvider } from './helpers.js';

const firstQuestion = 'What is in this picture?';
const claudeAnswer = 'A tabby cat.';
const secondQuestion = 'What colour is it?';

const dataUrl = (mimeType: string, base64: string): string => `data:${mimeType};base64,${base64}`;
const pngUrl = dataUrl('image/png', mediaBase64.png);
const jpgUrl = dataUrl('image/jpeg', mediaBase64.jpg);
const webpUrl = dataUrl('image/webp', mediaBase64.webp);

/** @see https://platform.openai.com/docs/api-reference/chat/create */
function chatMessages(): unknown[] {
  return [
    { role: 'system', content: systemPrompt },
    {
      role: 'user',
      content: [
        { type: 'text', text: firstQuestion },
        { type: 'image_url', image_url: { url: pngUrl } },
      ],
    },
    { role: 'assistant', content: claudeAnswer },
    {
      role: 'user',
      content: [
        { type: 'text', text: secondQuestion },
        { type: 'image_url', image_url: { url: jpgUrl } },
        { type: 'image_url', image_url: { url: webpUrl } },
      ],
    },
  ];
}

const openAIChatBody = {
  model: 'gpt-4o',
  messages: chatMessages(),
  max_completion_tokens: 300,
  temperature: 0.3,
  top_p: 0.9,
  stop: ['END'],
  seed: 42,
};

/** vLLM, Ollama and TGI read `max_tokens`. */
const openAICompatibleBody = {
  model: 'llama-3.1-8b',
  messages: chatMessages(),
  max_tokens: 300,
  temperature: 0.3,
  top_p: 0.9,
  stop: ['END'],
  seed: 42,
};

/** @see https://platform.openai.com/docs/api-reference/responses/create */
const openAIResponsesBody = {
  model: 'gpt-4.1',
  instructions: systemPrompt,
  input: [
    {
      role: 'user',
      content: [
        { type: 'input_text', text: firstQuestion },
        { type: 'input_image', image_url: pngUrl, detail: 'auto' },
      ],
    },
    { role: 'assistant', content: claudeAnswer },
    {
      role: 'user',
      content: [
        { type: 'input_text', text: secondQuestion },
        { type: 'input_image', image_url: jpgUrl, detail: 'auto' },
        { type: 'input_image', image_url: webpUrl, detail: 'auto' },
      ],
    },
  ],
  store: false,
  max_output_tokens: 300,
  temperature: 0.3,
  top_p: 0.9,
};

const anthropicImage = (mediaType: string, data: string): unknown => ({
  type: 'image',
  source: { type: 'base64', media_type: mediaType, data },
});

/** @see https://platform.claude.com/docs/en/api/messages (temperature or top_p, not both) */
const anthropicBody = {
  model: 'claude-sonnet-4-6',
  max_tokens: 300,
  system: systemPrompt,
  messages: [
    { role: 'user', content: [{ type: 'text', text: firstQuestion }, anthropicImage('image/png', mediaBase64.png)] },
    { role: 'assistant', content: [{ type: 'text', text: claudeAnswer }] },
    {
      role: 'user',
      content: [
        { type: 'text', text: secondQuestion },
        anthropicImage('image/jpeg', mediaBase64.jpg),
        anthropicImage('image/webp', mediaBase64.webp),
      ],
    },
  ],
  temperature: 0.3,
  stop_sequences: ['END'],
};

/** @see https://ai.google.dev/api/generate-content#request-body */
const geminiBody = {
  contents: [
    { role: 'user', parts: [{ text: firstQuestion }, { inlineData: { mimeType: 'image/png', data: mediaBase64.png } }] },
    { role: 'model', parts: [{ text: claudeAnswer }] },
    {
      role: 'user',
      parts: [
        { text: secondQuestion },
        { inlineData: { mimeType: 'image/jpeg', data: mediaBase64.jpg } },
        { inlineData: { mimeType: 'image/webp', data: mediaBase64.webp } },
      ],
    },
  ],
  systemInstruction: { parts: [{ text: systemPrompt }] },
  generationConfig: { temperature: 0.3, topP: 0.9, maxOutputTokens: 300, stopSequences: ['END'], seed: 42 },
};

export const expectedNativeBodies: Readonly<Record<VendorProvider, Record<string, unknown>>> = {
  openai: openAIChatBody,
  'openai-responses': openAIResponsesBody,
  anthropic: anthropicBody,
  gemini: geminiBody,
  'openai-compatible': openAICompatibleBody,
};

/** What each vendor cannot take of `comparisonParams`, said in `dry_run` rather than dropped silently. */
export const expectedWarnings: Readonly<Record<VendorProvider, readonly string[]>> = {
  openai: [],
  'openai-responses': [
    'stop was not sent: the OpenAI Responses API has no stop sequences',
    'seed was not sent: the OpenAI Responses API has no seed',
  ],
  anthropic: [
    'anthropic models take temperature or top_p, not both; top_p was not sent',
    'anthropic does not support seed; it was not sent',
  ],
  gemini: [],
  'openai-compatible': [],
};
