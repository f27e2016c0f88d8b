/**
 * `inference_params` generation settings (Labelbox's snake_case names) -> the generic
 * `GenerationParams`. The model's configured `params` are defaults under the request's, and the
 * manifest's `max_tokens` is the last default for the output cap.
 */

import type { GenerationParams } from '../conversation/conversation.js';
import type { ModelConfig } from '../config/config-schema.js';
import type { DirectParams } from './direct-params.js';

export interface ResolvedSettings {
  readonly system: string | undefined;
  readonly params: GenerationParams;
}

/** The generation settings a request may carry (run_direct and predict name them alike). */
export type GenerationRequest = Pick<DirectParams, 'system_prompt' | 'temperature' | 'top_p' | 'max_tokens' | 'stop' | 'seed'>;

export function resolveGenerationSettings(
  request: GenerationRequest,
  model: ModelConfig,
  manifestMaxTokens: number | undefined,
): ResolvedSettings {
  const defaults = model.params;
  const stop = request.stop ?? defaults.stop;
  const maxTokens = request.max_tokens ?? defaults.max_tokens ?? manifestMaxTokens;
  const temperature = request.temperature ?? defaults.temperature;
  const topP = request.top_p ?? defaults.top_p;
  const seed = request.seed ?? defaults.seed;
  return {
    system: request.system_prompt ?? defaults.system_prompt,
    params: {
      ...(temperature === undefined ? {} : { temperature }),
      ...(topP === undefined ? {} : { topP }),
      ...(maxTokens === undefined ? {} : { maxTokens }),
      ...(stop === undefined ? {} : { stop: typeof stop === 'string' ? [stop] : stop }),
      ...(seed === undefined ? {} : { seed }),
    },
  };
}
