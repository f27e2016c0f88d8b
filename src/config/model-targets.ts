/** The configured models as the provider adapters see them. */

import type { ModelTarget } from '../providers/provider.js';
import type { ModelConfig } from './config-schema.js';

export function toModelTarget(alias: string, model: ModelConfig): ModelTarget {
  return {
    alias,
    provider: model.provider,
    model: model.model ?? alias,
    baseUrl: model.base_url,
    apiKey: model.api_key === '' ? undefined : model.api_key,
    timeoutMs: model.timeout_ms,
    accepts: model.accepts,
    ...(model.structured_output === undefined ? {} : { structuredOutput: model.structured_output }),
  };
}
