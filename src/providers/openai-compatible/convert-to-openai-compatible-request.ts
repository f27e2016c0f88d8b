/**
 * Generic conversation -> Chat Completions body for an OpenAI-compatible server. It is the
 * OpenAI Chat conversion with three differences: `max_tokens` (what vLLM, Ollama and TGI read),
 * no OpenAI model rules (the model is the server's), and media beyond images only where the
 * model's `accepts` list says the server takes it.
 * @see https://docs.vllm.ai/en/latest/features/multimodal_inputs.html
 */

import type { Conversation, MediaPart } from '../../conversation/conversation.js';
import type { ChatCompletionsBody, ChatUserContentPart } from '../openai/chat-completions-body.js';
import { imageUrlPart, inputAudioPart, pdfFilePart, textDocumentPart } from '../openai/chat-content-parts.js';
import { convertToChatCompletionsRequest } from '../openai/convert-to-chat-completions.js';
import { urlOrDataUrl } from '../openai/media-source.js';
import { inputAudioFormat } from '../openai/openai-capabilities.js';
import { unsupportedModality } from '../shared/modality-support.js';
import type { ConversionResult, ModelTarget } from '../provider.js';
import { openAICompatibleCapabilities } from './openai-compatible-capabilities.js';

export function convertToOpenAICompatibleRequest(
  conversation: Conversation,
  target: ModelTarget,
): ConversionResult<ChatCompletionsBody> {
  return convertToChatCompletionsRequest(conversation, target, {
    vendorName: 'the OpenAI-compatible server',
    capabilities: openAICompatibleCapabilities(target.accepts),
    maxTokensField: 'max_tokens',
    rejectsSamplingSettings: false,
    maxStopSequences: undefined,
    mediaPart: compatibleMediaPart,
  });
}

function compatibleMediaPart(part: MediaPart, target: ModelTarget): ChatUserContentPart {
  switch (part.kind) {
    case 'image':
      return imageUrlPart(part);
    case 'text':
      return textDocumentPart(part, target);
    case 'pdf':
      return pdfFilePart(part, target);
    case 'audio':
      return audioPart(part, target);
    case 'video':
      if (!target.accepts.includes('video_url')) throw notAccepted(part, target, 'video_url');
      return { type: 'video_url', video_url: { url: urlOrDataUrl(part) } };
    default: {
      const unexpected: never = part.kind;
      throw new Error(`unknown media kind ${String(unexpected)}`);
    }
  }
}

/** Inline wav/mp3 prefers the standard `input_audio`; everything else needs `audio_url`. */
function audioPart(part: MediaPart, target: ModelTarget): ChatUserContentPart {
  const standardFits =
    target.accepts.includes('input_audio') && part.source.type === 'inline' && inputAudioFormat(part.mimeType) !== undefined;
  if (standardFits) return inputAudioPart(part, target);
  if (!target.accepts.includes('audio_url')) throw notAccepted(part, target, 'audio_url');
  return { type: 'audio_url', audio_url: { url: urlOrDataUrl(part) } };
}

/** Only reached if the capability table and this converter drift apart. */
function notAccepted(part: MediaPart, target: ModelTarget, partType: string): Error {
  return unsupportedModality(part, target, `the model's accepts list does not include ${partType}`);
}
