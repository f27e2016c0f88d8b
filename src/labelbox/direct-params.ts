/**
 * The `inference_params` run_direct understands (SPEC §6), in Labelbox's snake_case names.
 * Unknown keys are allowed: the manifest's own JSON Schema may declare more.
 */

import { z } from 'zod';
import { parseOrThrow } from './validation.js';

export const directParamsSchema = z.looseObject({
  model: z.string().min(1).optional(),
  mode: z.enum(['direct', 'predict']).optional(),
  stream: z.boolean().optional(),
  dry_run: z.boolean().optional(),
  system_prompt: z.string().optional(),
  temperature: z.number().min(0).max(2).optional(),
  top_p: z.number().min(0).max(1).optional(),
  max_tokens: z.number().int().positive().optional(),
  stop: z.union([z.string(), z.array(z.string()).max(16)]).optional(),
  seed: z.number().int().optional(),
  model_config_name: z.string().optional(),
  model_config_id: z.string().optional(),
  use_attachments: z.boolean().optional(),
});

export type DirectParams = z.infer<typeof directParamsSchema>;

export function parseDirectParams(params: Readonly<Record<string, unknown>>): DirectParams {
  return parseOrThrow(directParamsSchema, params, 'inference_params');
}
