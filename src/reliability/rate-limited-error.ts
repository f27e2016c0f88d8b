/**
 * The 429 every inbound limit answers with (SPEC §5): the rate limit and the per-model
 * concurrency queue both say "come back in N seconds" the same way.
 */

import { GatewayError } from '../errors.js';

/** @param retryAfterSeconds whole seconds, at least 1 (HTTP `Retry-After` takes delta-seconds). */
export function rateLimitedError(retryAfterSeconds: number, message = 'Too many requests; retry later'): GatewayError {
  const seconds = Math.max(1, Math.ceil(retryAfterSeconds));
  return new GatewayError('rate_limited', message, { headers: { 'retry-after': String(seconds) } });
}
