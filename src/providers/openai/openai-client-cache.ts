/**
 * The `openai` SDK's clients, one per model alias (shared/client-cache.ts), for every
 * OpenAI-family adapter.
 * @see https://github.com/openai/openai-node#configuring-the-client
 */

import type OpenAI from 'openai';
import type * as OpenAISdk from 'openai';
import { GatewayError } from '../../errors.js';
import type { ModelTarget } from '../provider.js';
import { ClientCache } from '../shared/client-cache.js';
import { undiciFetch } from '../shared/undici-fetch.js';

export interface OpenAIClientCache {
  /** May throw `internal_error` when no key is configured anywhere (the SDK refuses to start). */
  clientFor(target: ModelTarget): Promise<OpenAI>;
}

let sdk: Promise<typeof OpenAISdk> | undefined;

/**
 * The SDK is imported on the first call, not at start-up: a deployment that never calls an
 * OpenAI-family model does not carry it in memory.
 */
function loadSdk(): Promise<typeof OpenAISdk> {
  sdk ??= import('openai');
  return sdk;
}

/**
 * @param resolveApiKey the key for a target; undefined lets the SDK read `OPENAI_API_KEY`.
 */
export function createOpenAIClientCache(resolveApiKey: (target: ModelTarget) => string | undefined): OpenAIClientCache {
  const clients = new ClientCache<OpenAI>();
  return {
    async clientFor(target) {
      const { default: OpenAIClient } = await loadSdk();
      const apiKey = resolveApiKey(target);
      return clients.get(target, apiKey, () => buildClient(OpenAIClient, target, apiKey));
    },
  };
}

function buildClient(OpenAIClient: typeof OpenAI, target: ModelTarget, apiKey: string | undefined): OpenAI {
  try {
    return new OpenAIClient({
      apiKey,
      baseURL: target.baseUrl,
      // The gateway owns retries and fallbacks; SDK retries would multiply them.
      maxRetries: 0,
      fetch: undiciFetch,
      timeout: target.timeoutMs,
    });
  } catch (error) {
    // The SDK throws here only when it has no key at all; its message names no secret. A
    // deployment problem, not a gateway bug: reported like an unreachable vendor (and so a
    // fallback is tried), never as a 500.
    const message = `model ${JSON.stringify(target.alias)} has no API key: set api_key in its config or OPENAI_API_KEY`;
    throw new GatewayError('upstream_error', message, {
      details: [{ provider: target.provider, status: null, body: message }],
      cause: error,
    });
  }
}
