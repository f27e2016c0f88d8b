/**
 * The adapter shape shared by `openai` and `openai-compatible`: both speak Chat Completions
 * through the `openai` SDK and differ only in conversion, capabilities and how the key is found.
 * @see https://platform.openai.com/docs/api-reference/chat/create
 */

import type { ChatCompletionCreateParams } from 'openai/resources/chat/completions';
import type { Conversation } from '../../conversation/conversation.js';
import type { ConversionResult, ModelTarget, ProviderAdapter, ProviderCapabilities } from '../provider.js';
import type { ChatCompletionsBody } from './chat-completions-body.js';
import { withChatStreaming } from './convert-to-chat-completions.js';
import { createOpenAIClientCache } from './openai-client-cache.js';
import { sendOpenAIRequest } from './send-openai-request.js';

export interface ChatCompletionsAdapterOptions {
  readonly id: 'openai' | 'openai-compatible';
  readonly capabilities: (target: ModelTarget) => ProviderCapabilities;
  readonly convert: (conversation: Conversation, target: ModelTarget) => ConversionResult<ChatCompletionsBody>;
  /** Undefined lets the SDK read `OPENAI_API_KEY`. */
  readonly apiKey: (target: ModelTarget) => string | undefined;
}

export function createChatCompletionsAdapter(options: ChatCompletionsAdapterOptions): ProviderAdapter {
  const clients = createOpenAIClientCache(options.apiKey);
  return {
    id: options.id,
    capabilities: options.capabilities,
    prepare(conversation, target) {
      const { body, warnings } = options.convert(conversation, target);
      return {
        body,
        warnings,
        send: (call) =>
          sendOpenAIRequest(
            options.id,
            call,
            () => clients.clientFor(target),
            (client) => client.chat.completions.create(toSdkParams(call.stream ? withChatStreaming(body) : body), { signal: call.signal }),
          ),
      };
    },
  };
}

/**
 * The SDK sends the body as given and checks nothing at runtime; its types just do not know the
 * vLLM part types (`audio_url`, `video_url`). The tests validate every body we build against
 * OpenAI's OpenAPI schema instead.
 */
function toSdkParams(body: ChatCompletionsBody): ChatCompletionCreateParams {
  return body as ChatCompletionCreateParams;
}
