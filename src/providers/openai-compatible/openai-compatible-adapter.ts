/**
 * Provider `openai-compatible`: any server that speaks Chat Completions at `base_url` (vLLM,
 * Ollama, TGI, Together, Groq, ...), driven by the official `openai` SDK.
 * @see https://github.com/openai/openai-node#configuring-the-client
 */

import { createChatCompletionsAdapter } from '../openai/chat-completions-adapter.js';
import type { ModelTarget, ProviderAdapter } from '../provider.js';
import { openAICompatibleCapabilities } from './openai-compatible-capabilities.js';
import { convertToOpenAICompatibleRequest } from './convert-to-openai-compatible-request.js';

/** Local servers ignore the key, but the SDK refuses to start without one. */
export const placeholderApiKey = 'not-needed';

export function createOpenAICompatibleAdapter(): ProviderAdapter {
  return createChatCompletionsAdapter({
    id: 'openai-compatible',
    capabilities: (target) => openAICompatibleCapabilities(target.accepts),
    convert: convertToOpenAICompatibleRequest,
    apiKey: compatibleApiKey,
  });
}

/**
 * The configured key, else the placeholder. Unlike the `openai` provider, `OPENAI_API_KEY` is
 * not read: it would hand the OpenAI key to whatever server `base_url` names.
 */
function compatibleApiKey(target: ModelTarget): string {
  return target.apiKey ?? placeholderApiKey;
}
