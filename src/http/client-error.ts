/**
 * Requests Node cannot even parse (a CR, LF or NUL in a header, an oversized header block) never
 * reach a route; they still get the gateway's JSON error envelope, then the connection closes.
 */

import { randomUUID } from 'node:crypto';
import type { Socket } from 'node:net';
import { GatewayError, toErrorEnvelope } from '../errors.js';

export function answerClientError(error: Error & { code?: string }, socket: Socket): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const gatewayError = new GatewayError(
    'invalid_request',
    error.code === 'HPE_HEADER_OVERFLOW' ? 'the request headers are too large' : 'the request could not be parsed as HTTP',
  );
  const requestId = randomUUID();
  const body = JSON.stringify(toErrorEnvelope(gatewayError, requestId));
  socket.end(
    `HTTP/1.1 400 Bad Request\r\ncontent-type: application/json; charset=utf-8\r\n` +
      `content-length: ${Buffer.byteLength(body)}\r\nx-request-id: ${requestId}\r\nconnection: close\r\n\r\n${body}`,
  );
}
