/**
 * Prometheus metrics (SPEC §8), one registry per app so several apps in one process (tests, the
 * command line's compare) never mix their counts.
 */

import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { RequestTelemetry } from './request-telemetry.js';

const latencyBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

export interface GatewayMetrics {
  readonly registry: Registry;
  readonly inFlight: Gauge;
  record(route: string, status: string, telemetry: RequestTelemetry): void;
}

export function createMetrics(): GatewayMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const requests = new Counter({
    name: 'foundry_gateway_requests_total',
    help: 'Requests answered, by route, model alias and HTTP status (client_closed when the client left first).',
    labelNames: ['route', 'model', 'status'],
    registers: [registry],
  });
  const requestDuration = new Histogram({
    name: 'foundry_gateway_request_duration_seconds',
    help: 'Time from request to the last byte of the answer.',
    labelNames: ['route', 'model', 'status'],
    buckets: latencyBuckets,
    registers: [registry],
  });
  const upstreamDuration = new Histogram({
    name: 'foundry_gateway_upstream_duration_seconds',
    help: 'Time the vendor took, retries included, until its reply was complete.',
    labelNames: ['provider', 'model'],
    buckets: latencyBuckets,
    registers: [registry],
  });
  const timeToFirstToken = new Histogram({
    name: 'foundry_gateway_time_to_first_token_seconds',
    help: 'Time until the vendor sent its first event (streams) or its whole reply.',
    labelNames: ['provider', 'model'],
    buckets: latencyBuckets,
    registers: [registry],
  });
  const tokens = new Counter({
    name: 'foundry_gateway_tokens_total',
    help: "Tokens by model and direction (input, output), from the vendor's usage report.",
    labelNames: ['model', 'direction'],
    registers: [registry],
  });
  const attachmentBytes = new Counter({
    name: 'foundry_gateway_attachment_bytes_fetched_total',
    help: 'Bytes of attachments fetched from URLs (cache hits not counted).',
    registers: [registry],
  });
  const inFlight = new Gauge({
    name: 'foundry_gateway_in_flight_requests',
    help: 'Requests being handled now.',
    registers: [registry],
  });

  return {
    registry,
    inFlight,
    record(route, status, telemetry) {
      const model = telemetry.model ?? 'none';
      const seconds = (performance.now() - telemetry.startedAt) / 1000;
      requests.inc({ route, model, status });
      requestDuration.observe({ route, model, status }, seconds);
      if (telemetry.provider !== undefined && telemetry.upstreamModel !== undefined) {
        const labels = { provider: telemetry.provider, model: telemetry.upstreamModel };
        const upstream = telemetry.upstreamSeconds;
        if (upstream !== undefined) upstreamDuration.observe(labels, upstream);
        const firstToken = telemetry.timeToFirstTokenSeconds;
        if (firstToken !== undefined) timeToFirstToken.observe(labels, firstToken);
      }
      if (telemetry.usage.inputTokens !== undefined) tokens.inc({ model, direction: 'input' }, telemetry.usage.inputTokens);
      if (telemetry.usage.outputTokens !== undefined) tokens.inc({ model, direction: 'output' }, telemetry.usage.outputTokens);
      if (telemetry.attachmentBytes > 0) attachmentBytes.inc(telemetry.attachmentBytes);
    },
  };
}
