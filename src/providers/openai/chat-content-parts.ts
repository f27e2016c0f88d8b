/**
 * Builders for the Chat Completions user content parts that OpenAI and openai-compatible servers
 * share. Each runs after the capability check, so it only shapes the part.
 * @see https://platform.openai.com/docs/api-reference/chat/create (ChatCompletionRequestUserMessageContentPart)
 */

import type { MediaPart } from '../../conversation/conversation.js';
import { unsupportedModality } from '../shared/modality-support.js';
import type { ModelTarget } from '../provider.js';
import type { ChatFilePart, ChatImagePart, ChatInputAudioPart, ChatTextPart } from './chat-completions-body.js';
import { filenameFor, requireInline, urlOrDataUrl } from './media-source.js';
import { inputAudioFormat } from './openai-capabilities.js';
import { textDocumentAsText } from './text-document.js';

export function imageUrlPart(part: MediaPart): ChatImagePart {
  return { type: 'image_url', image_url: { url: urlOrDataUrl(part) } };
}

/** PDFs go inline as a data URL with a filename; Chat has no file URL field. */
export function pdfFilePart(part: MediaPart, target: ModelTarget): ChatFilePart {
  const data = requireInline(part, target);
  return { type: 'file', file: { filename: filenameFor(part, 'pdf'), file_data: data.dataUrl(part.mimeType) } };
}

/** `input_audio` wants bare base64 and the container name, not a data URL. */
export function inputAudioPart(part: MediaPart, target: ModelTarget): ChatInputAudioPart {
  const format = inputAudioFormat(part.mimeType);
  if (format === undefined) {
    throw unsupportedModality(part, target, 'input_audio takes only wav or mp3');
  }
  return { type: 'input_audio', input_audio: { data: requireInline(part, target).base64(), format } };
}

export function textDocumentPart(part: MediaPart, target: ModelTarget): ChatTextPart {
  return { type: 'text', text: textDocumentAsText(requireInline(part, target), part.filename) };
}
