/**
 * The `@google/genai` client the Gemini adapter sends through, one per model alias.
 *
 * `ai.models.generateContent` takes the SDK's flattened shape and hands back converted objects,
 * but the product contract relays Gemini's raw JSON and SSE. The SDK's own HTTP layer
 * (`apiClient.request`, the method every `models.*` call ends in) does the part worth keeping —
 * base URL and API version, the `x-goog-api-key` header, the timeout, `ApiError` for non-2xx —
 * and returns the fetch `Response` with its body unread. `apiClient` is `protected` on
 * `GoogleGenAI`, so a subclass reaches it with full types and no casts.
 *
 * @see https://github.com/googleapis/js-genai/blob/main/src/_api_client.ts (request, throwErrorIfNotOK)
 * @see https://ai.google.dev/api/generate-content (paths and `alt=sse`)
 */

import type * as GenAiSdk from '@google/genai';
import type { GoogleGenAI, GoogleGenAIOptions, HttpOptions, HttpResponse } from '@google/genai';
import { GatewayError } from '../../errors.js';
import type { ModelTarget } from '../provider.js';
import type { UpstreamErrorDetail } from '../shared/upstream-error.js';
import { ClientCache } from '../shared/client-cache.js';
import { undiciFetch } from '../shared/undici-fetch.js';

/** A `GoogleGenAI` client that can also post a raw wire body and hand back the raw response. */
export interface GeminiWireClient extends GoogleGenAI {
  /** `POST /v1beta/models/{model}:generateContent`; resolves once headers arrive, body unread. */
  postGenerateContent(model: string, body: string, signal: AbortSignal): Promise<HttpResponse>;
  /** `POST /v1beta/models/{model}:streamGenerateContent?alt=sse`; the SSE body is left unread. */
  postStreamGenerateContent(model: string, body: string, signal: AbortSignal): Promise<HttpResponse>;
}

type WireClientClass = new (options: GoogleGenAIOptions) => GeminiWireClient;

/** Defined once the SDK is loaded: the subclass needs the SDK's class at hand. */
function defineWireClient(sdk: typeof GenAiSdk): WireClientClass {
  return class extends sdk.GoogleGenAI implements GeminiWireClient {
    postGenerateContent(model: string, body: string, signal: AbortSignal): Promise<HttpResponse> {
      return this.apiClient.request({
        path: `${modelResourceName(model)}:generateContent`,
        body,
        httpMethod: 'POST',
        abortSignal: signal,
      });
    }

    postStreamGenerateContent(model: string, body: string, signal: AbortSignal): Promise<HttpResponse> {
      return this.apiClient.request({
        path: `${modelResourceName(model)}:streamGenerateContent`,
        queryParams: { alt: 'sse' },
        body,
        httpMethod: 'POST',
        abortSignal: signal,
      });
    }
  };
}

let wireClientClass: Promise<WireClientClass> | undefined;

/** The SDK is imported on the first call, so a deployment without Gemini models never loads it. */
function loadWireClientClass(): Promise<WireClientClass> {
  wireClientClass ??= import('@google/genai').then(defineWireClient);
  return wireClientClass;
}

/** As the SDK's `tModel` does for the Gemini API: bare ids live under `models/`. */
export function modelResourceName(model: string): string {
  if (model === '' || /\.\.|[?&#]/.test(model)) {
    throw new GatewayError('internal_error', `invalid Gemini model id ${JSON.stringify(model)}`);
  }
  return model.startsWith('models/') || model.startsWith('tunedModels/') ? model : `models/${model}`;
}

/** The variables the SDK reads when no key is given (`GOOGLE_API_KEY` wins when both are set). */
const apiKeyVariables = ['GOOGLE_API_KEY', 'GEMINI_API_KEY'] as const;

function hasEnvironmentKey(): boolean {
  return apiKeyVariables.some((name) => (process.env[name]?.trim() ?? '') !== '');
}

function missingKeyError(target: ModelTarget): GatewayError {
  const message = `no Gemini API key for model ${JSON.stringify(target.alias)}: set api_key or ${apiKeyVariables.join(' / ')}`;
  return new GatewayError('upstream_error', message, {
    details: [{ provider: 'gemini', status: null, body: message } satisfies UpstreamErrorDetail],
  });
}

function clientOptions(target: ModelTarget): GoogleGenAIOptions {
  const httpOptions: HttpOptions = {
    ...(target.baseUrl === undefined ? {} : { baseUrl: target.baseUrl }),
    ...(target.timeoutMs === undefined ? {} : { timeout: target.timeoutMs }),
    // No `retryOptions`: the SDK then makes one attempt, and the gateway owns retries.
    // The SDK's calls (file uploads included) go through undici as the other vendors' do.
    fetch: undiciFetch,
  };
  return {
    // Pinned, so GOOGLE_GENAI_USE_VERTEXAI in the environment cannot reroute the alias.
    vertexai: false,
    ...(target.apiKey === undefined ? {} : { apiKey: target.apiKey }),
    httpOptions,
  };
}

function buildClient(WireClient: WireClientClass, target: ModelTarget): GeminiWireClient {
  // Without a key the SDK would fall back to Google Cloud application-default credentials,
  // which fail later with a message about Vertex; say what is missing instead.
  if (target.apiKey === undefined && !hasEnvironmentKey()) throw missingKeyError(target);
  try {
    return new WireClient(clientOptions(target));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new GatewayError('upstream_error', `the Gemini client could not be created: ${reason}`, {
      details: [{ provider: 'gemini', status: null, body: reason } satisfies UpstreamErrorDetail],
      cause: error,
    });
  }
}

/** One client per model alias, built on first use (see ClientCache). */
export class GeminiClientCache {
  readonly #clients = new ClientCache<GeminiWireClient>();

  async clientFor(target: ModelTarget): Promise<GeminiWireClient> {
    const WireClient = await loadWireClientClass();
    return this.#clients.get(target, target.apiKey, () => buildClient(WireClient, target));
  }
}
