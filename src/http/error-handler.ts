/**
 * Every failure leaves as the JSON envelope of SPEC §5 with a stable code. Fastify's own errors
 * (body too large, bad JSON, wrong content type) are mapped to the same codes; anything
 * unexpected is a 500 whose message says nothing about the internals (no stack, no secrets).
 */

import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { GatewayError, isGatewayError, toErrorEnvelope } from '../errors.js';
import type { SecretScrubber } from '../secret-scrubber.js';
import { isAbortError } from '../providers/shared/upstream-error.js';
import { telemetryOf } from './observability.js';

function fromFastifyError(error: FastifyError): GatewayError | undefined {
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new GatewayError('payload_too_large', 'the request body is over the size limit');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new GatewayError('invalid_request', 'send the body as application/json', {
        details: [{ path: 'content-type', message: 'unsupported media type' }],
      });
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new GatewayError('invalid_request', 'the request body is empty', { details: [{ path: '', message: 'empty body' }] });
    default:
      break;
  }
  if (error instanceof SyntaxError || error.code === 'FST_ERR_CTP_INVALID_JSON_BODY') {
    return new GatewayError('invalid_request', 'the request body is not valid JSON', {
      details: [{ path: '', message: error.message }],
    });
  }
  if (typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500) {
    return new GatewayError(error.statusCode === 413 ? 'payload_too_large' : 'invalid_request', error.message);
  }
  return undefined;
}

export function toGatewayError(error: unknown): GatewayError {
  if (isGatewayError(error)) return error;
  if (typeof error === 'object' && error !== null && 'code' in error) {
    const mapped = fromFastifyError(error as FastifyError);
    if (mapped !== undefined) return mapped;
  }
  return new GatewayError('internal_error', 'internal error', { cause: error });
}

/**
 * The envelope as the client sees it: secrets that a vendor echoed (or that a message carries)
 * are replaced before anything leaves the gateway.
 */
export function scrubbedEnvelope(error: GatewayError, requestId: string, scrubber: SecretScrubber): unknown {
  return scrubber.scrubValue(toErrorEnvelope(error, requestId));
}

export function sendError(error: unknown, request: FastifyRequest, reply: FastifyReply, scrubber: SecretScrubber): void {
  if (isAbortError(error) && reply.raw.destroyed) return;
  const gatewayError = toGatewayError(error);
  telemetryOf(request).errorCode = gatewayError.code;
  const envelope = scrubbedEnvelope(gatewayError, request.id, scrubber);
  if (gatewayError.code === 'internal_error') {
    // A bug: the stack is what an engineer needs, and it stays in the log, never in the answer.
    request.log.error({ err: error, code: gatewayError.code }, 'request failed');
  } else {
    // The SDK error behind an upstream failure is not logged: its message can hold the vendor's
    // body verbatim (keys included); the scrubbed envelope says everything useful.
    const level = gatewayError.status >= 500 ? 'warn' : 'info';
    request.log[level]({ error: envelope }, gatewayError.status >= 500 ? 'request failed' : 'request rejected');
  }
  if (reply.sent || reply.raw.headersSent) return;
  void reply.code(gatewayError.status).headers(gatewayError.headers).type('application/json; charset=utf-8').send(envelope);
}
