/** The `inference_params` predict reads itself (after the manifest's JSON Schema filled defaults). */

import { z } from 'zod';
import { parseOrThrow } from '../../labelbox/validation.js';

export const predictParamsSchema = z.looseObject({
  model: z.string().min(1).optional(),
  prompt: z.string().optional(),
  system_prompt: z.string().optional(),
  temperature: z.number().min(0).max(2).optional(),
  top_p: z.number().min(0).max(1).optional(),
  max_tokens: z.number().int().positive().optional(),
  seed: z.number().int().optional(),
  stop: z.union([z.string(), z.array(z.string()).max(16)]).optional(),
  confidence: z.number().min(0).max(1).optional(),
  use_attachments: z.boolean().optional(),
  dry_run: z.boolean().optional(),
});

export type PredictParams = z.infer<typeof predictParamsSchema>;

export function parsePredictParams(params: Readonly<Record<string, unknown>>): PredictParams {
  return parseOrThrow(predictParamsSchema, params, 'inference_params');
}
