/**
 * One log line and one metrics record per request (SPEC §8), written when the connection closes:
 * that moment exists for every answer — JSON, a relayed stream (which Fastify's own hooks do not
 * see once hijacked), an error, or a client that left (status `client_closed`).
 */

import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { GatewayMetrics } from './metrics.js';
import { RequestTelemetry } from './request-telemetry.js';

const telemetries = new WeakMap<FastifyRequest, RequestTelemetry>();

/** The request's telemetry; every request has one from `onRequest` on. */
export function telemetryOf(request: FastifyRequest): RequestTelemetry {
  let telemetry = telemetries.get(request);
  if (telemetry === undefined) {
    telemetry = new RequestTelemetry();
    telemetries.set(request, telemetry);
  }
  return telemetry;
}

function routeLabel(request: FastifyRequest): string {
  return request.routeOptions.url ?? 'unmatched';
}

function milliseconds(seconds: number | undefined): number | undefined {
  return seconds === undefined ? undefined : Math.round(seconds * 1000 * 100) / 100;
}

export function registerObservability(app: FastifyInstance, metrics: GatewayMetrics): void {
  app.addHook('onRequest', async (request, reply) => {
    const telemetry = telemetryOf(request);
    metrics.inFlight.inc();
    let recorded = false;
    const record = (status: number | 'client_closed'): void => {
      if (recorded) return;
      recorded = true;
      metrics.inFlight.dec();
      const route = routeLabel(request);
      if (route === '/metrics') return;
      metrics.record(route, String(status), telemetry);
      request.log.info(
        {
          route,
          method: request.method,
          status,
          latency_ms: Math.round((performance.now() - telemetry.startedAt) * 100) / 100,
          model: telemetry.model,
          provider: telemetry.provider,
          upstream_model: telemetry.upstreamModel,
          attempts: telemetry.attempts || undefined,
          upstream_ms: milliseconds(telemetry.upstreamSeconds),
          ttft_ms: milliseconds(telemetry.timeToFirstTokenSeconds),
          tokens_in: telemetry.usage.inputTokens,
          tokens_out: telemetry.usage.outputTokens,
          attachments: telemetry.attachments,
          attachment_bytes: telemetry.attachmentBytes,
          error_code: telemetry.errorCode,
        },
        'request completed',
      );
    };
    // `finish`: the whole answer was handed to the socket; `close` alone: the client left first.
    reply.raw.once('finish', () => record(reply.raw.statusCode));
    reply.raw.once('close', () => record(reply.raw.writableFinished ? reply.raw.statusCode : 'client_closed'));
  });
  app.get('/metrics', async (_request, reply) =>
    reply.type(metrics.registry.contentType).send(await metrics.registry.metrics()),
  );
}
