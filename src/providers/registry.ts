/**
 * Every provider id maps to exactly one adapter; the `Record` over the `ProviderId` union makes
 * the compiler refuse a provider without one.
 */

import { createAnthropicAdapter } from './anthropic/anthropic-adapter.js';
import { createEchoAdapter } from './echo/echo-adapter.js';
import { createGeminiAdapter } from './gemini/gemini-adapter.js';
import { createOpenAICompatibleAdapter } from './openai-compatible/openai-compatible-adapter.js';
import { createOpenAIChatAdapter } from './openai/openai-adapter.js';
import { createOpenAIResponsesAdapter } from './openai-responses/openai-responses-adapter.js';
import type { ProviderAdapter, ProviderId } from './provider.js';

export function createAdapterRegistry(): Record<ProviderId, ProviderAdapter> {
  return {
    echo: createEchoAdapter(),
    openai: createOpenAIChatAdapter(),
    'openai-responses': createOpenAIResponsesAdapter(),
    anthropic: createAnthropicAdapter(),
    gemini: createGeminiAdapter(),
    'openai-compatible': createOpenAICompatibleAdapter(),
  };
}
