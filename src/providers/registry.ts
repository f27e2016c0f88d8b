/**
 * Every provider id maps to exactly one adapter; the `Record` over the `ProviderId` union makes
 * the compiler refuse a provider without one.
 */

import { createEchoAdapter } from './echo/echo-adapter.js';
import type { ProviderAdapter, ProviderId } from './provider.js';

export function createAdapterRegistry(): Record<ProviderId, ProviderAdapter> {
  const echo = createEchoAdapter();
  // Placeholders until each vendor adapter lands; replaced below as they are wired in.
  return {
    echo,
    openai: echo,
    'openai-responses': echo,
    anthropic: echo,
    gemini: echo,
    'openai-compatible': echo,
  };
}
