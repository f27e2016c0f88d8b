/**
 * `GET /openapi.json` (SPEC §4), generated from the same zod schemas the routes validate with,
 * so the document cannot drift from what the gateway accepts.
 */

import { z } from 'zod';
import { errorCodes } from '../errors.js';
import { conversationSchema } from '../labelbox/chat-conversation.js';
import { directParamsSchema } from '../labelbox/direct-params.js';
import { envelopeSchema } from '../labelbox/envelope.js';
import { predictParamsSchema } from '../predict/run/predict-params.js';

type JsonObject = Record<string, unknown>;

function jsonSchema(schema: z.ZodType): JsonObject {
  const converted = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonObject;
  delete converted.$schema;
  return converted;
}

const errorEnvelopeSchema = z.object({
  error: z.object({
    code: z.enum(Object.keys(errorCodes) as [keyof typeof errorCodes, ...(keyof typeof errorCodes)[]]),
    message: z.string(),
    request_id: z.string(),
    details: z.array(z.unknown()),
  }),
});

const ref = (name: string): JsonObject => ({ $ref: `#/components/schemas/${name}` });

function errorResponses(statuses: readonly number[]): JsonObject {
  return Object.fromEntries(
    statuses.map((status) => [
      String(status),
      {
        description: Object.entries(errorCodes)
          .filter(([, info]) => info.status === status)
          .map(([code]) => code)
          .join(', '),
        content: { 'application/json': { schema: ref('ErrorEnvelope') } },
      },
    ]),
  );
}

const postErrors = errorResponses([400, 401, 404, 413, 422, 429, 502, 504]);
const security = [{ bearer: [] }, { apiKey: [] }];

function postOperation(summary: string, description: string, ok: JsonObject): JsonObject {
  return {
    summary,
    description,
    security,
    requestBody: { required: true, content: { 'application/json': { schema: ref('Envelope') } } },
    responses: { '200': ok, ...postErrors },
  };
}

const directOk = {
  description: "The vendor's raw JSON reply, or (streamed) its own server-sent events; `dry_run` returns the native request.",
  headers: {
    'x-gateway-model': { schema: { type: 'string' } },
    'x-gateway-provider': { schema: { type: 'string' } },
    'x-gateway-upstream-model': { schema: { type: 'string' } },
  },
  content: { 'application/json': { schema: { type: 'object' } }, 'text/event-stream': { schema: { type: 'string' } } },
};

const predictOk = {
  description: 'Predictions keyed by feature name (SPEC §7).',
  content: { 'application/json': { schema: { type: 'object', additionalProperties: true } } },
};

const plain = (description: string, type = 'application/json'): JsonObject => ({
  responses: { '200': { description, content: { [type]: { schema: type === 'application/json' ? { type: 'object' } : { type: 'string' } } } } },
});

export function buildOpenApiDocument(version: string): JsonObject {
  return {
    openapi: '3.1.0',
    info: {
      title: 'foundry-gateway',
      version,
      description: 'A Labelbox Foundry custom-model endpoint in front of OpenAI, Anthropic, Gemini and OpenAI-compatible servers.',
    },
    paths: {
      '/run_direct': {
        post: postOperation('Direct run', 'The chat-evaluation conversation to the chosen vendor; its raw reply back.', directOk),
      },
      '/predict': { post: postOperation('Predict', 'A data row and an ontology; predictions keyed by feature name.', predictOk) },
      '/': {
        post: postOperation(
          'The inference endpoint',
          '`inference_params.mode` picks direct or predict; absent, a conversation row runs direct and anything else predict.',
          { description: 'As /run_direct or /predict.', content: { 'application/json': { schema: { type: 'object' } } } },
        ),
      },
      '/model.yaml': { get: { summary: 'The manifest, secrets and keys redacted', ...plain('YAML manifest', 'application/yaml') } },
      '/healthz': { get: { summary: 'Liveness', ...plain('Alive') } },
      '/readyz': { get: { summary: 'Readiness (503 while shutting down)', ...plain('Ready') } },
      '/metrics': { get: { summary: 'Prometheus metrics', ...plain('Text exposition format', 'text/plain') } },
      '/openapi.json': { get: { summary: 'This document', ...plain('OpenAPI 3.1') } },
      '/docs': { get: { summary: 'A page to read this document', ...plain('HTML', 'text/html') } },
    },
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'The manifest `secrets` value.' },
        apiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key' },
      },
      schemas: {
        Envelope: jsonSchema(envelopeSchema),
        ChatEvaluationConversation: jsonSchema(conversationSchema),
        DirectInferenceParams: jsonSchema(directParamsSchema),
        PredictInferenceParams: jsonSchema(predictParamsSchema),
        ErrorEnvelope: jsonSchema(errorEnvelopeSchema),
      },
    },
  };
}
