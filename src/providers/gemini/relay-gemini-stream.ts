/**
 * Gemini's `streamGenerateContent?alt=sse` body as the vendor framed it: `data: <JSON>` events
 * with no event names and no terminator. The `data:` text is relayed untouched. One exception,
 * as the SDK makes it: a chunk whose JSON is `{"error": {...}}` is Gemini failing mid-stream,
 * so it ends the stream as an error instead of passing as an ordinary event.
 *
 * @see https://ai.google.dev/api/generate-content#method:-models.streamgeneratecontent
 * @see https://github.com/googleapis/js-genai/blob/main/src/_api_client.ts (throwIfStreamErrorChunk)
 */

import { GatewayError } from '../../errors.js';
import type { SseEventBatch } from '../provider.js';
import { parseSseStream } from '../shared/parse-sse.js';
import type { UpstreamErrorDetail } from '../shared/upstream-error.js';

export async function* relayGeminiStream(
  body: AsyncIterable<Uint8Array>,
  toFailure: (error: unknown) => Error,
): AsyncGenerator<SseEventBatch> {
  try {
    for await (const batch of parseSseStream(body)) {
      const { events } = batch;
      for (const [index, event] of events.entries()) {
        const failure = streamedError(event.data);
        if (failure === undefined) continue;
        // The events before the failure were Gemini's answer so far: the client gets them first
        // (framed afresh: the batch's text holds the failing event too).
        if (index > 0) yield { events: events.slice(0, index) };
        throw failure;
      }
      yield batch;
    }
  } catch (error) {
    throw toFailure(error);
  }
}

function streamedError(data: string): GatewayError | undefined {
  // Cheap test first: ordinary chunks are never parsed.
  if (!data.includes('"error"')) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(data);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || !('error' in parsed)) return undefined;
  const error = parsed.error;
  if (typeof error !== 'object' || error === null) return undefined;
  const status = 'code' in error && typeof error.code === 'number' ? error.code : null;
  return new GatewayError(
    'upstream_error',
    status === null ? 'gemini failed mid-stream' : `gemini failed mid-stream with HTTP ${status}`,
    { details: [{ provider: 'gemini', status, body: parsed } satisfies UpstreamErrorDetail] },
  );
}
