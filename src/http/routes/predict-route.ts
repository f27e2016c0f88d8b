/** `POST /predict` (SPEC §7): the HTTP edge of `runPredict`. */

import type { FastifyReply, FastifyRequest } from 'fastify';
import type { GatewayContext } from '../../gateway-context.js';
import type { Envelope } from '../../labelbox/envelope.js';
import { runPredict } from '../../predict/run/run-predict.js';
import { abortOnClientClose } from '../client-abort.js';
import { telemetryOf } from '../observability.js';
import { gatewayHeaders } from './gateway-headers.js';

export async function handlePredict(
  context: GatewayContext,
  envelope: Envelope,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<void> {
  const controller = abortOnClientClose(reply.raw);
  const outcome = await runPredict(context, envelope, {
    signal: controller.signal,
    log: request.log,
    telemetry: telemetryOf(request),
  });
  await reply
    .headers(gatewayHeaders(outcome.model))
    .send(outcome.answer);
}
