/**
 * Generic conversation -> Chat Completions body, shared by the `openai` provider and by
 * `openai-compatible` servers. What differs between them (the capability table, how media parts
 * are written, the max-tokens field name, which settings a model rejects) comes in as a
 * `ChatDialect`; everything else is the same wire format.
 *
 * The body is the non-streamed one (what `dry_run` shows); `withChatStreaming` adds the
 * streaming fields when the adapter sends a streamed call.
 * @see https://platform.openai.com/docs/api-reference/chat/create
 */

import type {
  Conversation,
  GenerationParams,
  MediaPart,
  ResolvedPart,
  StructuredOutput,
  Turn,
} from '../../conversation/conversation.js';
import { GatewayError } from '../../errors.js';
import { requireSupport, unsupportedModality } from '../shared/modality-support.js';
import type { ConversionResult, ModelTarget, ProviderCapabilities } from '../provider.js';
import type {
  ChatCompletionsBody,
  ChatMessage,
  ChatResponseFormat,
  ChatUserContentPart,
} from './chat-completions-body.js';
import { reasoningModelWarning } from './reasoning-models.js';

export interface ChatDialect {
  /** Display name for messages ("OpenAI", "the OpenAI-compatible server"). */
  readonly vendorName: string;
  readonly capabilities: ProviderCapabilities;
  readonly maxTokensField: 'max_completion_tokens' | 'max_tokens';
  /** True when the model rejects `temperature`, `top_p` and `stop` (OpenAI reasoning models). */
  readonly rejectsSamplingSettings: boolean;
  /** The vendor's documented cap on stop sequences, if it has one. */
  readonly maxStopSequences: number | undefined;
  /** Writes a media part that has passed the capability check. */
  mediaPart(part: MediaPart, target: ModelTarget): ChatUserContentPart;
}

export function convertToChatCompletionsRequest(
  conversation: Conversation,
  target: ModelTarget,
  dialect: ChatDialect,
): ConversionResult<ChatCompletionsBody> {
  const warnings: string[] = [];
  const messages: ChatMessage[] = [];
  const system = systemText(conversation, target);
  if (system !== undefined) messages.push({ role: 'system', content: system });
  for (const turn of conversation.turns) messages.push(convertTurn(turn, target, dialect));
  const { params } = conversation;
  const body: ChatCompletionsBody = {
    model: target.model,
    messages,
    ...maxTokensFields(dialect.maxTokensField, params.maxTokens),
    ...samplingFields(params, target, dialect, warnings),
    ...(params.seed !== undefined && { seed: params.seed }),
    ...(params.structuredOutput !== undefined && {
      response_format: responseFormat(params.structuredOutput, target, warnings),
    }),
  };
  return { body, warnings };
}

/** The body of a streamed call: usage arrives in one last chunk before `data: [DONE]`. */
export function withChatStreaming(body: ChatCompletionsBody): ChatCompletionsBody {
  return { ...body, stream: true, stream_options: { include_usage: true } };
}

function convertTurn(turn: Turn<ResolvedPart>, target: ModelTarget, dialect: ChatDialect): ChatMessage {
  switch (turn.role) {
    case 'user':
      // Always the array form, so text-only and multimodal turns have one shape.
      return { role: 'user', content: turn.parts.map((part) => convertUserPart(part, target, dialect)) };
    case 'assistant':
      return { role: 'assistant', content: assistantText(turn, target, dialect) };
    default: {
      const unexpected: never = turn.role;
      throw new Error(`unknown role ${String(unexpected)}`);
    }
  }
}

function convertUserPart(part: ResolvedPart, target: ModelTarget, dialect: ChatDialect): ChatUserContentPart {
  switch (part.type) {
    case 'text':
      return { type: 'text', text: part.text };
    case 'media':
      requireSupport(dialect.capabilities, part, target);
      return dialect.mediaPart(part, target);
    default: {
      const unexpected: never = part;
      throw new Error(`unknown part type ${JSON.stringify(unexpected)}`);
    }
  }
}

/**
 * Assistant history is plain text: the assistant message schema has no media parts, so media
 * there is a 422 rather than something quietly left out.
 */
function assistantText(turn: Turn<ResolvedPart>, target: ModelTarget, dialect: ChatDialect): string {
  const texts: string[] = [];
  for (const part of turn.parts) {
    switch (part.type) {
      case 'text':
        if (part.text !== '') texts.push(part.text);
        break;
      case 'media':
        throw unsupportedModality(part, target, `${dialect.vendorName} takes media only in user messages`);
      default: {
        const unexpected: never = part;
        throw new Error(`unknown part type ${JSON.stringify(unexpected)}`);
      }
    }
  }
  return texts.join('\n\n');
}

function maxTokensFields(
  field: ChatDialect['maxTokensField'],
  maxTokens: number | undefined,
): Pick<ChatCompletionsBody, 'max_completion_tokens' | 'max_tokens'> {
  if (maxTokens === undefined) return {};
  switch (field) {
    case 'max_completion_tokens':
      return { max_completion_tokens: maxTokens };
    case 'max_tokens':
      return { max_tokens: maxTokens };
    default: {
      const unexpected: never = field;
      throw new Error(`unknown max tokens field ${String(unexpected)}`);
    }
  }
}

function samplingFields(
  params: GenerationParams,
  target: ModelTarget,
  dialect: ChatDialect,
  warnings: string[],
): Pick<ChatCompletionsBody, 'temperature' | 'top_p' | 'stop'> {
  const stop = params.stop !== undefined && params.stop.length > 0 ? params.stop : undefined;
  if (dialect.rejectsSamplingSettings) {
    const dropped = [
      params.temperature !== undefined && 'temperature',
      params.topP !== undefined && 'top_p',
      stop !== undefined && 'stop',
    ].filter((name) => name !== false);
    for (const name of dropped) warnings.push(reasoningModelWarning(name, target));
    return {};
  }
  if (stop !== undefined && dialect.maxStopSequences !== undefined && stop.length > dialect.maxStopSequences) {
    const message = `${dialect.vendorName} takes at most ${dialect.maxStopSequences} stop sequences; got ${stop.length}`;
    throw new GatewayError('invalid_request', message, { details: [{ path: 'inference_params.stop', message }] });
  }
  return {
    ...(params.temperature !== undefined && { temperature: params.temperature }),
    ...(params.topP !== undefined && { top_p: params.topP }),
    ...(stop !== undefined && { stop }),
  };
}

/** In JSON mode the server does not see the schema, so the model reads it in the system prompt. */
function systemText(conversation: Conversation, target: ModelTarget): string | undefined {
  const structured = conversation.params.structuredOutput;
  if (structured === undefined || target.structuredOutput !== 'json_object') return conversation.system;
  const schemaText = `Answer with one JSON object that follows this JSON Schema:\n${JSON.stringify(structured.schema)}`;
  return conversation.system === undefined ? schemaText : `${conversation.system}\n\n${schemaText}`;
}

/**
 * Strict mode makes the model follow the schema exactly. A compatible server configured with
 * `structured_output: json_object` gets JSON mode instead; the schema's keys are in the prompt
 * and the predict route validates (and if needed repairs) the answer.
 */
function responseFormat(structuredOutput: StructuredOutput, target: ModelTarget, warnings: string[]): ChatResponseFormat {
  if (target.structuredOutput === 'json_object') {
    warnings.push('structured output uses JSON mode (structured_output: json_object): the schema is not enforced by the server');
    return { type: 'json_object' };
  }
  return {
    type: 'json_schema',
    json_schema: { name: structuredOutput.name, schema: structuredOutput.schema, strict: true },
  };
}
