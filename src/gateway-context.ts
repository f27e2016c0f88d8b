/**
 * What every request handler shares, built once at start-up from the validated config: the
 * configured models, the provider adapters and the cross-request attachment cache.
 */

import { createAttachmentCache, type AttachmentCache } from './attachments/resolve-conversation.js';
import type { GatewayConfig, ModelConfig } from './config/config-schema.js';
import { toModelTarget } from './config/model-targets.js';
import { GatewayError } from './errors.js';
import { compileInferenceParamsSchema, type InferenceParamsValidator } from './predict/inference-params.js';
import type { ModelTarget, ProviderAdapter, ProviderId } from './providers/provider.js';
import { createAdapterRegistry } from './providers/registry.js';
import { createSecretScrubber, secretsOf, type SecretScrubber } from './secret-scrubber.js';
import { createConcurrencyLimiter, type ConcurrencyLimiter } from './reliability/concurrency-limiter.js';

export interface ConfiguredModel {
  readonly alias: string;
  readonly config: ModelConfig;
  readonly target: ModelTarget;
}

export interface GatewayContext {
  readonly config: GatewayConfig;
  readonly models: ReadonlyMap<string, ConfiguredModel>;
  readonly adapters: Readonly<Record<ProviderId, ProviderAdapter>>;
  readonly attachmentCache: AttachmentCache;
  /** The manifest's `inference_params_json_schema`, compiled once. */
  readonly inferenceParams: InferenceParamsValidator;
  /** Per-model `max_concurrency` limiters (models without one are unlimited). */
  readonly concurrency: ReadonlyMap<string, ConcurrencyLimiter>;
  /** Replaces the manifest secrets and vendor keys in anything shown or logged. */
  readonly scrubber: SecretScrubber;
}

export interface GatewayContextOverrides {
  readonly adapters?: Partial<Record<ProviderId, ProviderAdapter>>;
}

export function createGatewayContext(config: GatewayConfig, overrides: GatewayContextOverrides = {}): GatewayContext {
  const models = new Map<string, ConfiguredModel>();
  const concurrency = new Map<string, ConcurrencyLimiter>();
  for (const [alias, model] of Object.entries(config.models)) {
    models.set(alias, { alias, config: model, target: toModelTarget(alias, model) });
    if (model.max_concurrency !== undefined) {
      concurrency.set(
        alias,
        createConcurrencyLimiter({
          maxConcurrency: model.max_concurrency,
          maxQueue: model.max_queue,
          queueTimeoutMs: model.queue_timeout_ms,
          name: alias,
        }),
      );
    }
  }
  return {
    config,
    models,
    adapters: { ...createAdapterRegistry(), ...overrides.adapters },
    attachmentCache: createAttachmentCache({
      maxEntries: config.attachments.cache_max_entries,
      maxTotalBytes: config.attachments.cache_max_bytes,
    }),
    inferenceParams: compileInferenceParamsSchema(config.inference_params_json_schema),
    concurrency,
    scrubber: createSecretScrubber(secretsOf(config, process.env)),
  };
}

/** The alias `inference_params.model` names, or the default; 404 for an unknown one. */
export function selectModel(context: GatewayContext, alias: string | undefined): ConfiguredModel {
  const name = alias ?? context.config.default_model;
  const model = context.models.get(name);
  if (model === undefined) {
    throw new GatewayError('unknown_model', `no model is configured as ${JSON.stringify(name)}`, {
      details: [{ path: 'inference_params.model', message: `configured models: ${[...context.models.keys()].join(', ')}` }],
    });
  }
  return model;
}
