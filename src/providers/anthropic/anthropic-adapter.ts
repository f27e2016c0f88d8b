/**
 * The Anthropic adapter: the converter's body sent through the official `@anthropic-ai/sdk`,
 * and the vendor's reply handed back untouched (raw JSON text, or its SSE events verbatim).
 * This is the only file of the provider that does I/O.
 *
 * `asResponse()` is used for both shapes so the SDK still does auth headers, `anthropic-version`,
 * base URL handling and status-to-error mapping, while the body stays exactly what the vendor sent.
 * @see https://github.com/anthropics/anthropic-sdk-typescript#accessing-raw-response-data-eg-headers
 * @see https://platform.claude.com/docs/en/build-with-claude/streaming
 */

import type Anthropic from '@anthropic-ai/sdk';
import type * as AnthropicSdk from '@anthropic-ai/sdk';
import type { Conversation } from '../../conversation/conversation.js';
import type { ModelTarget, PreparedRequest, ProviderAdapter, UpstreamCall, UpstreamReply } from '../provider.js';
import { ClientCache } from '../shared/client-cache.js';
import { undiciFetch } from '../shared/undici-fetch.js';
import { bodyChunks } from '../shared/undici-response.js';
import { relaySseEvents, toCallFailure } from '../shared/upstream-error.js';
import { anthropicCapabilities } from './anthropic-capabilities.js';
import type { AnthropicMessagesBody } from './anthropic-request-types.js';
import { convertToAnthropicRequest } from './convert-to-anthropic-request.js';

/**
 * Sent on every call when the model sets no `timeout_ms`. Without an explicit timeout the SDK
 * refuses non-streamed calls with a large `max_tokens` ("Streaming is required for operations
 * that may take longer than 10 minutes") before any request is made; the gateway's own timeout
 * budget decides instead. Ten minutes is the SDK's own default.
 */
export const anthropicDefaultTimeoutMs = 10 * 60 * 1000;

let sdk: Promise<typeof AnthropicSdk> | undefined;

/** Imported on the first call, so a deployment without Anthropic models never loads it. */
function loadSdk(): Promise<typeof AnthropicSdk> {
  sdk ??= import('@anthropic-ai/sdk');
  return sdk;
}

/**
 * @example
 * const adapter = createAnthropicAdapter();
 * const prepared = adapter.prepare(conversation, target);
 * const reply = await prepared.send({ stream: true, signal });
 */
export function createAnthropicAdapter(): ProviderAdapter {
  const clients = new ClientCache<Anthropic>();

  async function clientFor(target: ModelTarget): Promise<Anthropic> {
    const { default: AnthropicClient } = await loadSdk();
    return clients.get(
      target,
      target.apiKey,
      () =>
        new AnthropicClient({
          // undefined lets the SDK read ANTHROPIC_API_KEY / ANTHROPIC_BASE_URL itself.
          apiKey: target.apiKey,
          baseURL: target.baseUrl,
          // The gateway owns retries and fallbacks; SDK retries would multiply them.
          maxRetries: 0,
          fetch: undiciFetch,
          timeout: target.timeoutMs,
        }),
    );
  }

  return {
    id: 'anthropic',
    capabilities: () => anthropicCapabilities,
    prepare(conversation: Conversation, target: ModelTarget): PreparedRequest {
      const { body, warnings } = convertToAnthropicRequest(conversation, target);
      return {
        body,
        warnings,
        send: (call) => sendMessages(() => clientFor(target), body, target, call),
      };
    },
  };
}

async function sendMessages(
  clientFor: () => Promise<Anthropic>,
  body: AnthropicMessagesBody,
  target: ModelTarget,
  call: UpstreamCall,
): Promise<UpstreamReply> {
  const options = { signal: call.signal, timeout: target.timeoutMs ?? anthropicDefaultTimeoutMs };
  try {
    const client = await clientFor();
    if (!call.stream) {
      const response = await client.messages.create(body, options).asResponse();
      return { kind: 'json', body: await response.text() };
    }
    const response = await client.messages.create({ ...body, stream: true }, options).asResponse();
    const chunks = bodyChunks(response);
    if (chunks === null) throw new Error('anthropic answered a streamed call with no body');
    return { kind: 'stream', batches: relaySseEvents(chunks, call.signal, 'anthropic') };
  } catch (error) {
    throw toCallFailure(error, call.signal, 'anthropic');
  }
}

