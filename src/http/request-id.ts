/**
 * `x-request-id`: echoed when the caller sent a sane one (so Labelbox's id follows the request
 * through our logs), generated otherwise. Anything that could break a header or a log line is
 * replaced rather than echoed.
 */

import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const requestIdHeader = 'x-request-id';
const safeRequestId = /^[A-Za-z0-9._:@/+=-]{1,128}$/;

export function requestIdFrom(request: IncomingMessage): string {
  const sent = request.headers[requestIdHeader];
  const value = Array.isArray(sent) ? sent[0] : sent;
  return value !== undefined && safeRequestId.test(value) ? value : randomUUID();
}
