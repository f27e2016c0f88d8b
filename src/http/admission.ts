/**
 * Who may send work, and how fast (SPEC §5, §3 `requests_per_second`). Runs on `onRequest`, so a
 * caller without the secret, or over the rate, is answered before a 32 MiB body is even read.
 * Auth comes first: unauthenticated traffic must not spend the paying caller's rate.
 */

import type { FastifyInstance } from 'fastify';
import type { RateLimiter } from '../reliability/rate-limiter.js';
import { rateLimitedError } from '../reliability/rate-limited-error.js';
import { GatewayError } from '../errors.js';
import type { AuthCheck } from './auth.js';
import type { Readiness } from './routes/get-routes.js';

export function registerAdmission(
  app: FastifyInstance,
  checkAuth: AuthCheck,
  rateLimiter: RateLimiter | undefined,
  readiness: Readiness,
): void {
  app.addHook('onRequest', async (request) => {
    if (request.method !== 'POST') return;
    // While draining, a request on a kept-alive connection is told to go elsewhere.
    if (readiness.refusingWork) {
      throw new GatewayError('service_unavailable', 'the gateway is shutting down; retry on another instance', {
        headers: { 'retry-after': '1', connection: 'close' },
      });
    }
    checkAuth(request.headers);
    if (rateLimiter === undefined) return;
    const decision = await rateLimiter.take();
    if (!decision.allowed) throw rateLimitedError(decision.retryAfterSeconds, 'over requests_per_second; retry later');
  });
}
