/**
 * What an OpenAI-compatible server (vLLM, Ollama, TGI, Together, Groq, ...) accepts. Images and
 * text are the common ground; audio, video and PDF parts exist only on some servers, so each is
 * enabled by the model's `accepts` list and otherwise refused with a 422.
 * @see https://docs.vllm.ai/en/latest/features/multimodal_inputs.html (image_url, input_audio, audio_url, video_url)
 * @see https://docs.ollama.com/api/openai-compatibility
 */

import { inputAudioMimeTypes, openAIImageMimeTypes, openAITextDocumentSupport } from '../openai/openai-capabilities.js';
import type { CompatibleMediaPartType, ModalitySupport, ProviderCapabilities } from '../provider.js';

/** `audio_url` is decoded by the server's own audio stack, which reads more than wav/mp3. */
const audioUrlMimeTypes: readonly string[] = [
  ...inputAudioMimeTypes,
  'audio/ogg',
  'audio/flac',
  'audio/x-flac',
  'audio/aac',
  'audio/mp4',
  'audio/webm',
];

const videoUrlMimeTypes: readonly string[] = ['video/mp4', 'video/webm', 'video/quicktime'];

export function openAICompatibleCapabilities(accepts: readonly CompatibleMediaPartType[]): ProviderCapabilities {
  const audio = audioSupport(accepts.includes('input_audio'), accepts.includes('audio_url'));
  return {
    // No size limit here: each server sets its own.
    image: { mimeTypes: openAIImageMimeTypes, inline: true, url: true },
    text: openAITextDocumentSupport,
    ...(audio !== undefined && { audio }),
    // `video_url` takes an https URL or a data URL alike.
    ...(accepts.includes('video_url') && { video: { mimeTypes: videoUrlMimeTypes, inline: true, url: true } }),
    ...(accepts.includes('file') && { pdf: { mimeTypes: ['application/pdf'], inline: true, url: false } }),
  };
}

/** `input_audio` carries wav/mp3 bytes only; `audio_url` carries any listed type, by URL or data URL. */
function audioSupport(inputAudio: boolean, audioUrl: boolean): ModalitySupport | undefined {
  if (audioUrl) return { mimeTypes: audioUrlMimeTypes, inline: true, url: true };
  if (inputAudio) return { mimeTypes: inputAudioMimeTypes, inline: true, url: false };
  return undefined;
}
