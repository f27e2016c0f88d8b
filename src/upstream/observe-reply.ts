/**
 * Reads timing and token usage off a vendor reply as it passes, without changing a byte of it:
 * the JSON body is read once for its usage; stream events are looked at one by one (only the
 * few that carry usage are parsed) and handed on unchanged.
 */

import type { RequestTelemetry } from '../http/request-telemetry.js';
import type { ProviderId, SseEventBatch, UpstreamReply } from '../providers/provider.js';
import { replyReaders } from '../providers/reply-readers.js';
import type { UpstreamErrorDetail } from '../providers/shared/upstream-error.js';
import { isFinalStreamEvent, mergeUsage, streamEventReaders } from '../providers/stream-event-readers.js';
import { GatewayError } from '../errors.js';

async function* observedBatches(
  batches: AsyncIterable<SseEventBatch>,
  provider: ProviderId,
  telemetry: RequestTelemetry,
): AsyncGenerator<SseEventBatch> {
  const read = streamEventReaders[provider];
  const isFinal = isFinalStreamEvent[provider];
  let finished = false;
  try {
    for await (const batch of batches) {
      telemetry.firstToken();
      for (const event of batch.events) {
        const usage = read(event, false).usage;
        if (usage !== undefined) telemetry.usage = mergeUsage(telemetry.usage, usage);
        finished ||= isFinal(event);
      }
      yield batch;
    }
  } finally {
    telemetry.upstreamEndedAt = performance.now();
  }
  if (!finished) {
    throw new GatewayError('upstream_error', `${provider} ended the stream before its final event`, {
      details: [{ provider, status: 200, body: 'stream ended early' } satisfies UpstreamErrorDetail],
    });
  }
}

export function observeReply(reply: UpstreamReply, provider: ProviderId, telemetry: RequestTelemetry): UpstreamReply {
  if (reply.kind === 'stream') return { kind: 'stream', batches: observedBatches(reply.batches, provider, telemetry) };
  telemetry.firstToken();
  telemetry.upstreamEndedAt = performance.now();
  telemetry.deferUsage(() => replyReaders[provider](reply.body, reply.json).usage);
  return reply;
}
