/**
 * Builds the gateway as a Fastify instance from a validated config. Nothing here listens:
 * `server.ts` does, and tests drive this app through `inject` or a loopback port.
 */

import Fastify, { LogController, type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { GatewayConfig } from './config/config-schema.js';
import { createGatewayContext, type GatewayContext, type GatewayContextOverrides } from './gateway-context.js';
import { registerAdmission } from './http/admission.js';
import { answerClientError } from './http/client-error.js';
import { registerJsonBodyParser } from './http/json-body.js';
import { createMetrics } from './http/metrics.js';
import { registerObservability } from './http/observability.js';
import { createAuthCheck } from './http/auth.js';
import { createRateLimiter } from './reliability/rate-limiter.js';
import { sendError } from './http/error-handler.js';
import { requestIdFrom, requestIdHeader } from './http/request-id.js';
import { registerDocsRoutes } from './http/routes/docs-routes.js';
import { registerGetRoutes, type Readiness } from './http/routes/get-routes.js';
import { packageVersion } from './package-version.js';
import { registerPostRoutes } from './http/routes/post-routes.js';
import { GatewayError, toErrorEnvelope } from './errors.js';

export interface BuildAppOptions extends GatewayContextOverrides {
  readonly logger?: FastifyServerOptions['logger'] | FastifyServerOptions['loggerInstance'];
  /** Shares `requests_per_second` across instances; default `REDIS_URL` from the environment. */
  readonly redisUrl?: string | undefined;
}

export interface GatewayApp {
  readonly app: FastifyInstance;
  readonly context: GatewayContext;
  readonly readiness: Readiness;
}

export function buildApp(config: GatewayConfig, options: BuildAppOptions = {}): GatewayApp {
  const context = createGatewayContext(config, options);
  const readiness: Readiness = { shuttingDown: false, refusingWork: false };
  const logger = options.logger ?? false;
  const app = Fastify({
    ...(typeof logger === 'object' && logger !== null && 'child' in logger ? { loggerInstance: logger } : { logger }),
    bodyLimit: config.server.body_limit_bytes,
    genReqId: requestIdFrom,
    // The gateway writes its own one line per request (with model, tokens, latency).
    logController: new LogController({ requestIdLogLabel: 'request_id', disableRequestLogging: true }),
    // Fastify's own JSON parser is replaced below (json-body.ts), which keeps this policy:
    // ids in `messages`/`actors` are the caller's, so `__proto__` and `constructor` keys are
    // dropped instead of failing the whole request or reaching a prototype.
    onProtoPoisoning: 'remove',
    onConstructorPoisoning: 'remove',
    // Draining is answered by admission.ts, in the gateway's own error envelope.
    return503OnClosing: false,
    clientErrorHandler: answerClientError,
  });

  registerJsonBodyParser(app);
  app.addHook('onRequest', async (request, reply) => {
    void reply.header(requestIdHeader, request.id);
  });
  const metrics = createMetrics();
  registerObservability(app, metrics);
  app.setErrorHandler((error, request, reply) => sendError(error, request, reply, context.scrubber));
  app.setNotFoundHandler((request, reply) => {
    const error = new GatewayError('not_found', `no route for ${request.method} ${request.url.split('?')[0] ?? ''}`);
    void reply.code(404).send(toErrorEnvelope(error, request.id));
  });

  const rateLimiter =
    config.requests_per_second === undefined
      ? undefined
      : createRateLimiter({
          ratePerSecond: config.requests_per_second,
          redisUrl: 'redisUrl' in options ? options.redisUrl : process.env.REDIS_URL,
          onRedisError: (error) => app.log.warn({ err: error }, 'rate limit: Redis unavailable, limiting per instance'),
        });
  app.addHook('onClose', async () => rateLimiter?.close());

  registerAdmission(app, createAuthCheck(config.secrets), rateLimiter, readiness);
  registerGetRoutes(app, context, readiness);
  registerDocsRoutes(app, packageVersion);
  registerPostRoutes(app, context);
  return { app, context, readiness };
}
