/**
 * The I/O every OpenAI-family adapter shares: start the SDK call, take the raw HTTP response
 * (`asResponse()`, so the vendor's bytes are relayed untouched), and hand back either the JSON
 * body text or the vendor's SSE events. The SDK still does auth, base URL handling and error
 * mapping before the body; every failure it throws becomes the gateway's coded error, except an
 * abort the caller asked for, which stays an abort.
 * @see https://github.com/openai/openai-node#accessing-raw-response-data-eg-headers
 */

import { parseSseStream } from '../shared/parse-sse.js';
import { isAbortError, toUpstreamError } from '../shared/upstream-error.js';
import type { ProviderId, SseEvent, UpstreamCall, UpstreamReply } from '../provider.js';

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
    throw upstreamFailure(error, call, provider);
  }
  if (!call.stream) {
    try {
      return { kind: 'json', body: await response.text() };
    } catch (error) {
      throw upstreamFailure(error, call, provider);
    }
  }
  const body = response.body;
  if (body === null) {
    throw toUpstreamError(new Error('the streamed reply had no body'), provider);
  }
  return { kind: 'stream', events: relayEvents(body, call, provider) };
}

/** Errors while reading the stream (connection reset, abort) get the same mapping as before it. */
async function* relayEvents(
  body: AsyncIterable<Uint8Array>,
  call: UpstreamCall,
  provider: ProviderId,
): AsyncGenerator<SseEvent> {
  try {
    yield* parseSseStream(body);
  } catch (error) {
    throw upstreamFailure(error, call, provider);
  }
}

function upstreamFailure(error: unknown, call: UpstreamCall, provider: ProviderId): unknown {
  // The client left or the gateway gave up: not the vendor's fault, so not a 502. The signal's
  // reason is what the caller aborted with, the same whether the SDK or the body read noticed.
  // (The SDK's abort and timeout classes are recognised by their constructor names.)
  if (call.signal.aborted && isAbortError(error)) return call.signal.reason ?? error;
  return toUpstreamError(error, provider);
}
