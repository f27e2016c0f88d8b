/**
 * The POST routes: `/run_direct`, `/predict`, and `/` (the one `inference_endpoint`), which
 * dispatches on `inference_params.mode`, else on whether `row_data` is a conversation (SPEC §4).
 */

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { GatewayError } from '../../errors.js';
import type { GatewayContext } from '../../gateway-context.js';
import { looksLikeChatConversation } from '../../labelbox/chat-conversation.js';
import { parseEnvelope, type Envelope } from '../../labelbox/envelope.js';
import { handleDirect } from './direct-route.js';
import { handlePredict } from './predict-route.js';

export type EnvelopeHandler = (
  context: GatewayContext,
  envelope: Envelope,
  request: FastifyRequest,
  reply: FastifyReply,
) => Promise<void>;

function rowDataIsConversation(rowData: Envelope['rowData']): boolean {
  if (typeof rowData !== 'string') return looksLikeChatConversation(rowData);
  const trimmed = rowData.trimStart();
  if (!trimmed.startsWith('{')) return false;
  try {
    return looksLikeChatConversation(JSON.parse(trimmed));
  } catch {
    return false;
  }
}

export function chooseMode(envelope: Envelope): 'direct' | 'predict' {
  const mode = envelope.inferenceParams.mode;
  if (mode === 'direct' || mode === 'predict') return mode;
  if (mode !== undefined) {
    throw new GatewayError('invalid_request', 'inference_params.mode must be "direct" or "predict"', {
      details: [{ path: 'inference_params.mode', message: 'expected "direct" or "predict"' }],
    });
  }
  return rowDataIsConversation(envelope.rowData) ? 'direct' : 'predict';
}

/** Auth and rate limits run before these, in `admission.ts`. */
export function registerPostRoutes(app: FastifyInstance, context: GatewayContext): void {
  const handle = (handler: (envelope: Envelope) => EnvelopeHandler) => async (request: FastifyRequest, reply: FastifyReply) => {
    const envelope = parseEnvelope(request.body);
    await handler(envelope)(context, envelope, request, reply);
  };
  app.post('/run_direct', handle(() => handleDirect));
  app.post('/predict', handle(() => handlePredict));
  app.post('/', handle((envelope) => (chooseMode(envelope) === 'direct' ? handleDirect : handlePredict)));
}
