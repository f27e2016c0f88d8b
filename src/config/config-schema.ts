/**
 * The model.yaml schema (SPEC §3): the Labelbox manifest keys Labelbox reads, and the gateway's
 * own keys (`models`, `default_model`, `attachments`, `server`) that Labelbox ignores.
 */

import { z } from 'zod';
import { compatibleMediaPartTypes, providerIds } from '../providers/provider.js';

export const assetTypes = ['image', 'text', 'video', 'html', 'conversational', 'audio', 'pdf'] as const;
export const featureKinds = [
  'text',
  'radio',
  'checklist',
  'rectangle',
  'raster-segmentation',
  'named-entity',
  'polygon',
  'point',
  'edge',
] as const;

/** Defaults merged under a request's `inference_params`, in the gateway's request names. */
const modelParamsSchema = z
  .object({
    temperature: z.number().min(0).max(2).optional(),
    top_p: z.number().min(0).max(1).optional(),
    max_tokens: z.number().int().positive().optional(),
    stop: z.union([z.string(), z.array(z.string())]).optional(),
    seed: z.number().int().optional(),
    system_prompt: z.string().optional(),
  })
  .strict();

const modelSchema = z
  .object({
    provider: z.enum(providerIds),
    model: z.string().min(1).optional(),
    base_url: z.url({ protocol: /^https?$/ }).optional(),
    api_key: z.string().optional(),
    fallbacks: z.array(z.string()).default([]),
    /** Total budget of one upstream attempt, stream included. */
    timeout_ms: z.number().int().positive().optional(),
    /** Until the vendor's first byte (for streams, its first event). */
    first_byte_timeout_ms: z.number().int().positive().optional(),
    /** Longest silence between two stream events. */
    idle_timeout_ms: z.number().int().positive().optional(),
    /** Retries of a failed upstream call (connection errors, 408, 409, 429, 5xx) before fallbacks. */
    max_retries: z.number().int().nonnegative().max(10).default(2),
    /** First retry waits about this long; each next one twice as long (with jitter). */
    retry_base_delay_ms: z.number().int().nonnegative().default(250),
    max_concurrency: z.number().int().positive().optional(),
    max_queue: z.number().int().nonnegative().default(100),
    queue_timeout_ms: z.number().int().nonnegative().default(30_000),
    params: modelParamsSchema.default({}),
    accepts: z.array(z.enum(compatibleMediaPartTypes)).default([]),
    structured_output: z.enum(['json_schema', 'json_object']).optional(),
  })
  .strict()
  .superRefine((model, context) => {
    if (model.provider !== 'echo' && model.model === undefined) {
      context.addIssue({ code: 'custom', path: ['model'], message: `required for provider ${model.provider}` });
    }
    if (model.provider === 'openai-compatible' && model.base_url === undefined) {
      context.addIssue({ code: 'custom', path: ['base_url'], message: 'required for provider openai-compatible' });
    }
    if (model.accepts.length > 0 && model.provider !== 'openai-compatible') {
      context.addIssue({ code: 'custom', path: ['accepts'], message: 'only for provider openai-compatible' });
    }
    if (model.structured_output !== undefined && model.provider !== 'openai-compatible') {
      context.addIssue({ code: 'custom', path: ['structured_output'], message: 'only for provider openai-compatible' });
    }
  });

const attachmentsSchema = z
  .object({
    mode: z.enum(['inline', 'forward']).default('inline'),
    max_bytes: z.number().int().positive().default(50 * 1024 * 1024),
    timeout_ms: z.number().int().positive().default(30_000),
    allow_private_networks: z.boolean().default(false),
    max_concurrent_fetches: z.number().int().positive().default(4),
    cache_max_entries: z.number().int().nonnegative().default(256),
    cache_max_bytes: z.number().int().nonnegative().default(256 * 1024 * 1024),
  })
  .strict();

const serverSchema = z
  .object({
    body_limit_bytes: z.number().int().positive().default(32 * 1024 * 1024),
    shutdown_grace_ms: z.number().int().nonnegative().default(30_000),
    /** After SIGTERM, keep serving this long with /readyz at 503 so load balancers can notice. */
    shutdown_delay_ms: z.number().int().nonnegative().default(0),
    keep_alive_ping_ms: z.number().int().positive().default(15_000),
  })
  .strict();

const jsonObject = z.record(z.string(), z.unknown());

export const configSchema = z
  .object({
    name: z.string().min(1),
    description: z.string().optional(),
    readme: z.string().optional(),
    inference_endpoint: z.string().optional(),
    // `secrets:` left empty (or `${SECRET:-}`) means no auth, as an absent key does.
    secrets: z
      .union([z.string(), z.array(z.string())])
      .nullish()
      .transform((value) => value ?? undefined),
    requests_per_second: z.number().positive().optional(),
    allowed_asset_types: z.array(z.enum(assetTypes)).optional(),
    allowed_feature_kinds: z.array(z.enum(featureKinds)).optional(),
    ontology: jsonObject.optional(),
    inference_params_json_schema: jsonObject.optional(),
    max_tokens: z.number().int().positive().optional(),
    default_model: z.string().min(1),
    models: z.record(z.string().min(1), modelSchema),
    attachments: attachmentsSchema.default(attachmentsSchema.parse({})),
    server: serverSchema.default(serverSchema.parse({})),
  });

/**
 * Cross-references between aliases, checked on the raw document so they are reported even when
 * another part of the file fails its schema (zod skips refinements of an object with issues).
 */
export function crossReferenceProblems(raw: unknown): string[] {
  if (typeof raw !== 'object' || raw === null) return [];
  const document = raw as { default_model?: unknown; models?: unknown };
  const models = typeof document.models === 'object' && document.models !== null ? (document.models as Record<string, unknown>) : {};
  const aliases = Object.keys(models);
  const problems: string[] = [];
  if (typeof document.default_model === 'string' && !aliases.includes(document.default_model)) {
    problems.push(`default_model: names no model; configured: ${aliases.join(', ') || 'none'}`);
  }
  for (const alias of aliases) {
    const fallbacks = (models[alias] as { fallbacks?: unknown } | null)?.fallbacks;
    if (!Array.isArray(fallbacks)) continue;
    fallbacks.forEach((fallback: unknown, index) => {
      if (fallback === alias) problems.push(`models.${alias}.fallbacks.${index}: a model cannot fall back to itself`);
      else if (typeof fallback === 'string' && !aliases.includes(fallback)) {
        problems.push(`models.${alias}.fallbacks.${index}: names no model: ${fallback}`);
      }
    });
  }
  return problems;
}

export type GatewayConfig = z.infer<typeof configSchema>;
export type ModelConfig = GatewayConfig['models'][string];
export type AttachmentsConfig = GatewayConfig['attachments'];
