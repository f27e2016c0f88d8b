/**
 * What OpenAI Chat Completions accepts, per media kind. Video has no part type at all, so it is
 * absent (a 422 naming the part).
 * @see https://platform.openai.com/docs/guides/images-vision (JPEG, PNG, WEBP, non-animated GIF)
 * @see https://developers.openai.com/api/docs/guides/pdf-files (Chat takes PDFs inline only, no file URL)
 * @see https://platform.openai.com/docs/guides/audio (`input_audio`: wav or mp3, base64 only)
 */

import type { ChatAudioFormat } from './chat-completions-body.js';
import { textDocumentMimeTypes } from '../shared/text-document-types.js';
import type { ModalitySupport, ProviderCapabilities } from '../provider.js';

export const openAIImageMimeTypes: readonly string[] = ['image/jpeg', 'image/png', 'image/gif', 'image/webp'];

/** The vision guide's per-image limit (20 MB, read here as MiB). */
const maxImageBytes = 20 * 1024 * 1024;

export const openAIImageSupport: ModalitySupport = {
  mimeTypes: openAIImageMimeTypes,
  inline: true,
  url: true,
  maxInlineBytes: maxImageBytes,
};

export const openAITextDocumentSupport: ModalitySupport = {
  mimeTypes: textDocumentMimeTypes,
  inline: true,
  url: false,
};

/** Every MIME spelling of the two formats `input_audio` takes, and the format name it needs. */
const audioFormatByMimeType: ReadonlyMap<string, ChatAudioFormat> = new Map([
  ['audio/wav', 'wav'],
  ['audio/x-wav', 'wav'],
  ['audio/wave', 'wav'],
  ['audio/vnd.wave', 'wav'],
  ['audio/mpeg', 'mp3'],
  ['audio/mp3', 'mp3'],
]);

export const inputAudioMimeTypes: readonly string[] = [...audioFormatByMimeType.keys()];

export function inputAudioFormat(mimeType: string): ChatAudioFormat | undefined {
  return audioFormatByMimeType.get(mimeType);
}

export const openAIChatCapabilities: ProviderCapabilities = {
  image: openAIImageSupport,
  pdf: { mimeTypes: ['application/pdf'], inline: true, url: false },
  audio: { mimeTypes: inputAudioMimeTypes, inline: true, url: false },
  text: openAITextDocumentSupport,
};
