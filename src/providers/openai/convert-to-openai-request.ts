/**
 * Generic conversation -> OpenAI Chat Completions body (provider `openai`).
 *
 * OpenAI specifics on top of the shared Chat conversion: `max_completion_tokens` (reasoning
 * models refuse `max_tokens`), reasoning models lose `temperature` / `top_p` / `stop` with a
 * warning each, at most 4 stop sequences, and media as OpenAI documents it: images by URL or
 * data URL, PDFs as inline `file` parts, wav/mp3 as `input_audio`, text documents as text.
 * @see https://platform.openai.com/docs/api-reference/chat/create
 * @see https://developers.openai.com/api/docs/guides/pdf-files
 */

import type { Conversation, MediaPart } from '../../conversation/conversation.js';
import { unsupportedModality } from '../shared/modality-support.js';
import type { ConversionResult, ModelTarget } from '../provider.js';
import type { ChatCompletionsBody, ChatUserContentPart } from './chat-completions-body.js';
import { imageUrlPart, inputAudioPart, pdfFilePart, textDocumentPart } from './chat-content-parts.js';
import { convertToChatCompletionsRequest } from './convert-to-chat-completions.js';
import { openAIChatCapabilities } from './openai-capabilities.js';
import { isReasoningModel } from './reasoning-models.js';

/** The stop-sequence cap in the `StopConfiguration` schema. */
const maxStopSequences = 4;

export function convertToOpenAIRequest(
  conversation: Conversation,
  target: ModelTarget,
): ConversionResult<ChatCompletionsBody> {
  return convertToChatCompletionsRequest(conversation, target, {
    vendorName: 'OpenAI',
    capabilities: openAIChatCapabilities,
    maxTokensField: 'max_completion_tokens',
    rejectsSamplingSettings: isReasoningModel(target.model),
    maxStopSequences,
    mediaPart: openAIMediaPart,
  });
}

function openAIMediaPart(part: MediaPart, target: ModelTarget): ChatUserContentPart {
  switch (part.kind) {
    case 'image':
      return imageUrlPart(part);
    case 'pdf':
      return pdfFilePart(part, target);
    case 'audio':
      return inputAudioPart(part, target);
    case 'text':
      return textDocumentPart(part, target);
    case 'video':
      // The capability table has no video entry, so this is only reached if the two drift apart.
      throw unsupportedModality(part, target, 'OpenAI Chat Completions has no video input');
    default: {
      const unexpected: never = part.kind;
      throw new Error(`unknown media kind ${String(unexpected)}`);
    }
  }
}
