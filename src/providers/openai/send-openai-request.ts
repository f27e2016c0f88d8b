/**
 * The I/O every OpenAI-family adapter shares: start the SDK call, take the raw HTTP response
 * (`asResponse()`, so the vendor's bytes are relayed untouched), and hand back either the JSON
 * body text or the vendor's SSE events. The SDK still does auth, base URL handling and error
 * mapping before the body; every failure it throws becomes the gateway's coded error, except an
 * abort the caller asked for, which stays an abort.
 * @see https://github.com/openai/openai-node#accessing-raw-response-data-eg-headers
 */

import { relaySseEvents, toCallFailure, toUpstreamError } from '../shared/upstream-error.js';
import { bodyChunks } from '../shared/undici-response.js';
import type { ProviderId, UpstreamCall, UpstreamReply } from '../provider.js';

/** The part of the SDK's `APIPromise` the relay needs. */
export interface RawResponsePromise {
  asResponse(): Promise<Response>;
}

/**
 * @param client the SDK client (loaded on first use: the SDK is not imported until a call needs it)
 * @param start begins the SDK call; it runs inside the error mapping, so a failure to build the
 * client is reported like any other. It must not be `async`: an `APIPromise` returned from an
 * async function would be awaited into the parsed body, losing the raw response.
 */
export async function sendOpenAIRequest<Client>(
  provider: ProviderId,
  call: UpstreamCall,
  client: () => Promise<Client>,
  start: (client: Client) => RawResponsePromise,
): Promise<UpstreamReply> {
  let response: Response;
  try {
    response = await start(await client()).asResponse();
  } catch (error) {
    throw toCallFailure(error, call.signal, provider);
  }
  if (!call.stream) {
    try {
      return { kind: 'json', body: await response.text() };
    } catch (error) {
      throw toCallFailure(error, call.signal, provider);
    }
  }
  const body = bodyChunks(response);
  if (body === null) {
    throw toUpstreamError(new Error('the streamed reply had no body'), provider);
  }
  return { kind: 'stream', batches: relaySseEvents(body, call.signal, provider) };
}

