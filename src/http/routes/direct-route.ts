/** `POST /run_direct` (SPEC §6): the HTTP edge of `runDirect`. */

import type { FastifyReply, FastifyRequest } from 'fastify';
import { runDirect } from '../../direct/run-direct.js';
import type { GatewayContext } from '../../gateway-context.js';
import type { Envelope } from '../../labelbox/envelope.js';
import { abortOnClientClose } from '../client-abort.js';
import { telemetryOf } from '../observability.js';
import { relayReply } from '../relay-reply.js';
import { gatewayHeaders } from './gateway-headers.js';

function acceptsEventStream(request: FastifyRequest): boolean {
  return (request.headers.accept ?? '').includes('text/event-stream');
}

export async function handleDirect(
  context: GatewayContext,
  envelope: Envelope,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<void> {
  const controller = abortOnClientClose(reply.raw);
  const outcome = await runDirect(context, envelope, {
    signal: controller.signal,
    acceptsEventStream: acceptsEventStream(request),
    telemetry: telemetryOf(request),
  });
  const headers = gatewayHeaders(outcome.model);
  if (outcome.kind === 'dry-run') {
    await reply.headers(headers).send(outcome.answer);
    return;
  }
  await relayReply(outcome.reply, request, reply, {
    headers: { ...headers, 'x-gateway-attempts': String(outcome.attempts) },
    pingIntervalMs: context.config.server.keep_alive_ping_ms,
    scrubber: context.scrubber,
  });
}
