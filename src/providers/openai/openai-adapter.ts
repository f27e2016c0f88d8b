/**
 * Provider `openai`: OpenAI Chat Completions through the official SDK.
 * @see https://platform.openai.com/docs/api-reference/chat/create
 */

import type { ProviderAdapter } from '../provider.js';
import { createChatCompletionsAdapter } from './chat-completions-adapter.js';
import { convertToOpenAIRequest } from './convert-to-openai-request.js';
import { openAIChatCapabilities } from './openai-capabilities.js';

/**
 * @example
 * const adapter = createOpenAIChatAdapter();
 * const prepared = adapter.prepare(conversation, target); // prepared.body is the dry_run answer
 * const reply = await prepared.send({ stream: false, signal });
 */
export function createOpenAIChatAdapter(): ProviderAdapter {
  return createChatCompletionsAdapter({
    id: 'openai',
    capabilities: () => openAIChatCapabilities,
    convert: convertToOpenAIRequest,
    apiKey: (target) => target.apiKey,
  });
}
