/**
 * Generic conversation -> OpenAI Responses API body.
 *
 * The system prompt becomes `instructions`; turns become `input` messages. `store` is always
 * false. Responses has no `stop` or `seed`, so those become warnings, and reasoning models lose
 * `temperature` / `top_p` with a warning each. Structured output goes in `text.format`.
 * @see https://platform.openai.com/docs/api-reference/responses/create
 * @see https://platform.openai.com/docs/guides/structured-outputs
 */

import type {
  Conversation,
  GenerationParams,
  MediaPart,
  ResolvedPart,
  StructuredOutput,
  Turn,
} from '../../conversation/conversation.js';
import { filenameFor, requireInline, urlOrDataUrl } from '../openai/media-source.js';
import { isReasoningModel, reasoningModelWarning } from '../openai/reasoning-models.js';
import { textDocumentAsText } from '../openai/text-document.js';
import { requireSupport, unsupportedModality } from '../shared/modality-support.js';
import type { ConversionResult, ModelTarget } from '../provider.js';
import { openAIResponsesCapabilities } from './openai-responses-capabilities.js';
import type {
  ResponsesBody,
  ResponsesInputContent,
  ResponsesInputMessage,
  ResponsesTextFormat,
} from './responses-body.js';

/** `CreateResponse.max_output_tokens` has `minimum: 16`. */
export const minimumOutputTokens = 16;

export function convertToOpenAIResponsesRequest(
  conversation: Conversation,
  target: ModelTarget,
): ConversionResult<ResponsesBody> {
  const warnings: string[] = [];
  const { params } = conversation;
  const body: ResponsesBody = {
    model: target.model,
    ...(conversation.system !== undefined && { instructions: conversation.system }),
    input: conversation.turns.map((turn) => convertTurn(turn, target)),
    store: false,
    ...maxOutputTokensFields(params.maxTokens, warnings),
    ...samplingFields(params, target, warnings),
    ...(params.structuredOutput !== undefined && { text: { format: textFormat(params.structuredOutput) } }),
  };
  if (params.stop !== undefined && params.stop.length > 0) {
    warnings.push('stop was not sent: the OpenAI Responses API has no stop sequences');
  }
  if (params.seed !== undefined) warnings.push('seed was not sent: the OpenAI Responses API has no seed');
  return { body, warnings };
}

/** The body of a streamed call; the API then sends typed `event:` frames. */
export function withResponsesStreaming(body: ResponsesBody): ResponsesBody {
  return { ...body, stream: true };
}

function convertTurn(turn: Turn<ResolvedPart>, target: ModelTarget): ResponsesInputMessage {
  switch (turn.role) {
    case 'user':
      return { role: 'user', content: turn.parts.map((part) => convertUserPart(part, target)) };
    case 'assistant':
      return { role: 'assistant', content: assistantText(turn, target) };
    default: {
      const unexpected: never = turn.role;
      throw new Error(`unknown role ${String(unexpected)}`);
    }
  }
}

function convertUserPart(part: ResolvedPart, target: ModelTarget): ResponsesInputContent {
  switch (part.type) {
    case 'text':
      return { type: 'input_text', text: part.text };
    case 'media':
      requireSupport(openAIResponsesCapabilities, part, target);
      return mediaContent(part, target);
    default: {
      const unexpected: never = part;
      throw new Error(`unknown part type ${JSON.stringify(unexpected)}`);
    }
  }
}

function mediaContent(part: MediaPart, target: ModelTarget): ResponsesInputContent {
  switch (part.kind) {
    case 'image':
      return { type: 'input_image', image_url: urlOrDataUrl(part), detail: 'auto' };
    case 'pdf':
      if (part.source.type === 'url') return { type: 'input_file', file_url: part.source.url };
      return { type: 'input_file', filename: filenameFor(part, 'pdf'), file_data: part.source.data.dataUrl(part.mimeType) };
    case 'text':
      return { type: 'input_text', text: textDocumentAsText(requireInline(part, target), part.filename) };
    case 'audio':
    case 'video':
      // The capability table has neither, so this is only reached if the two drift apart.
      throw unsupportedModality(part, target, `the OpenAI Responses API has no ${part.kind} input`);
    default: {
      const unexpected: never = part.kind;
      throw new Error(`unknown media kind ${String(unexpected)}`);
    }
  }
}

/** Assistant history is the model's earlier text; media there is a 422, never dropped. */
function assistantText(turn: Turn<ResolvedPart>, target: ModelTarget): string {
  const texts: string[] = [];
  for (const part of turn.parts) {
    switch (part.type) {
      case 'text':
        if (part.text !== '') texts.push(part.text);
        break;
      case 'media':
        throw unsupportedModality(part, target, 'the OpenAI Responses API takes media only in user messages');
      default: {
        const unexpected: never = part;
        throw new Error(`unknown part type ${JSON.stringify(unexpected)}`);
      }
    }
  }
  return texts.join('\n\n');
}

/** A limit under the API's minimum would be a 400; sending the minimum keeps the call useful. */
function maxOutputTokensFields(maxTokens: number | undefined, warnings: string[]): Pick<ResponsesBody, 'max_output_tokens'> {
  if (maxTokens === undefined) return {};
  if (maxTokens < minimumOutputTokens) {
    warnings.push(
      `max_tokens ${maxTokens} is below the OpenAI Responses API minimum; sent max_output_tokens ${minimumOutputTokens}`,
    );
    return { max_output_tokens: minimumOutputTokens };
  }
  return { max_output_tokens: maxTokens };
}

function samplingFields(
  params: GenerationParams,
  target: ModelTarget,
  warnings: string[],
): Pick<ResponsesBody, 'temperature' | 'top_p'> {
  if (isReasoningModel(target.model)) {
    if (params.temperature !== undefined) warnings.push(reasoningModelWarning('temperature', target));
    if (params.topP !== undefined) warnings.push(reasoningModelWarning('top_p', target));
    return {};
  }
  return {
    ...(params.temperature !== undefined && { temperature: params.temperature }),
    ...(params.topP !== undefined && { top_p: params.topP }),
  };
}

function textFormat(structuredOutput: StructuredOutput): ResponsesTextFormat {
  return { type: 'json_schema', name: structuredOutput.name, schema: structuredOutput.schema, strict: true };
}
