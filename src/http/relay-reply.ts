/**
 * Turns a vendor's reply into the HTTP answer: the raw JSON unchanged, or the vendor's events
 * as SSE. The SSE headers wait for the first event, so a failure before any byte is still an
 * ordinary JSON error with the right status; after that it can only be an `event: error`.
 */

import type { FastifyReply, FastifyRequest } from 'fastify';
import type { SseEventBatch, UpstreamReply } from '../providers/provider.js';
import { isAbortError } from '../providers/shared/upstream-error.js';
import type { SecretScrubber } from '../secret-scrubber.js';
import { scrubbedEnvelope, toGatewayError } from './error-handler.js';
import { telemetryOf } from './observability.js';
import { SseWriter } from './sse-writer.js';

export interface RelayOptions {
  readonly headers: Readonly<Record<string, string>>;
  readonly pingIntervalMs: number;
  readonly scrubber: SecretScrubber;
}

export async function relayReply(
  reply: UpstreamReply,
  request: FastifyRequest,
  response: FastifyReply,
  options: RelayOptions,
): Promise<void> {
  if (reply.kind === 'json') {
    await response.headers(options.headers).type('application/json; charset=utf-8').send(reply.body);
    return;
  }
  const iterator = reply.batches[Symbol.asyncIterator]();
  const first = await iterator.next();
  response.hijack();
  const writer = new SseWriter(response.raw, {
    headers: { ...options.headers, 'x-request-id': request.id },
    pingIntervalMs: options.pingIntervalMs,
  });
  try {
    if (first.done !== true) await writer.write(first.value);
    for (;;) {
      if (writer.closed) {
        await iterator.return?.();
        break;
      }
      const next: IteratorResult<SseEventBatch> = await iterator.next();
      if (next.done === true) break;
      await writer.write(next.value);
    }
  } catch (error) {
    if (!(isAbortError(error) && writer.closed)) {
      const gatewayError = toGatewayError(error);
      telemetryOf(request).errorCode = gatewayError.code;
      request.log.warn({ code: gatewayError.code }, 'stream failed after the first byte');
      await writer.writeError(scrubbedEnvelope(gatewayError, request.id, options.scrubber));
    }
  } finally {
    writer.end();
  }
}
