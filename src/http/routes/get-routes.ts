/** The GET routes: liveness, readiness and the redacted manifest (SPEC §4). */

import type { FastifyInstance } from 'fastify';
import { renderRedactedManifest } from '../../config/redact-config.js';
import type { GatewayContext } from '../../gateway-context.js';

export interface Readiness {
  /** Set on SIGTERM: `/readyz` turns 503 so the load balancer stops sending new requests. */
  shuttingDown: boolean;
  /** Set once the drain delay is over: new work is refused with 503 while in-flight work ends. */
  refusingWork: boolean;
}

export function registerGetRoutes(app: FastifyInstance, context: GatewayContext, readiness: Readiness): void {
  const manifest = renderRedactedManifest(context.config);
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_request, reply) => {
    if (readiness.shuttingDown) return reply.code(503).send({ status: 'shutting_down' });
    return { status: 'ready', models: [...context.models.keys()] };
  });
  app.get('/model.yaml', async (_request, reply) => reply.type('application/yaml; charset=utf-8').send(manifest));
}
