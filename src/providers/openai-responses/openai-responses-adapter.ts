/**
 * Provider `openai-responses`: the OpenAI Responses API through the official SDK.
 * @see https://platform.openai.com/docs/api-reference/responses/create
 */

import type { ResponseCreateParams } from 'openai/resources/responses/responses';
import { createOpenAIClientCache } from '../openai/openai-client-cache.js';
import { sendOpenAIRequest } from '../openai/send-openai-request.js';
import type { ProviderAdapter } from '../provider.js';
import { convertToOpenAIResponsesRequest, withResponsesStreaming } from './convert-to-openai-responses-request.js';
import { openAIResponsesCapabilities } from './openai-responses-capabilities.js';
import type { ResponsesBody } from './responses-body.js';

export function createOpenAIResponsesAdapter(): ProviderAdapter {
  const clients = createOpenAIClientCache((target) => target.apiKey);
  return {
    id: 'openai-responses',
    capabilities: () => openAIResponsesCapabilities,
    prepare(conversation, target) {
      const { body, warnings } = convertToOpenAIResponsesRequest(conversation, target);
      return {
        body,
        warnings,
        send: (call) =>
          sendOpenAIRequest(
            'openai-responses',
            call,
            () => clients.clientFor(target),
            (client) => client.responses.create(toSdkParams(call.stream ? withResponsesStreaming(body) : body), { signal: call.signal }),
          ),
      };
    },
  };
}

/** Our body is the wire shape (readonly, only the fields we fill); the SDK sends it unchanged. */
function toSdkParams(body: ResponsesBody): ResponseCreateParams {
  return body as ResponseCreateParams;
}
