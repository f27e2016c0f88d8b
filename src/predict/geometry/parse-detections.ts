/**
 * The model's answer for one shape tool kind, read defensively. The vendor's structured output
 * usually guarantees the shape, but not every vendor enforces schemas and Gemini's native
 * segmentation replies follow their own; so one malformed detection is dropped with a warning
 * rather than failing the whole prediction. An answer that is not a list at all is the model's
 * failure: 502 `upstream_error`.
 */

import { z } from 'zod';
import { GatewayError } from '../../errors.js';
import type { DetectionByKind, ShapeToolKind } from './normalised-shapes.js';

const coordinate = z.number();
const point = z.tuple([coordinate, coordinate]);
const box = z.tuple([coordinate, coordinate, coordinate, coordinate]);
const polygon = z.array(point);
const common = {
  label: z.string(),
  // Free-form replies (Gemini's native segmentation) carry no confidence: count them as sure.
  confidence: z.number().default(1),
};

const detectionSchemas: { readonly [Kind in ShapeToolKind]: z.ZodType<DetectionByKind[Kind]> } = {
  rectangle: z.object({ box_2d: box, ...common }),
  point: z.object({ point, ...common }),
  polygon: z.object({ polygon, ...common }),
  'raster-segmentation': z.object({
    box_2d: box,
    polygon: polygon.optional(),
    mask: z.string().nullish(),
    ...common,
  }),
};

export interface ParsedDetections<Detection> {
  readonly detections: Detection[];
  readonly warnings: string[];
}

/**
 * `value` is what the model put under this kind's key; `null`/absent means it found nothing.
 * Unknown keys inside a detection are ignored.
 */
export function parseDetections<Kind extends ShapeToolKind>(
  kind: Kind,
  value: unknown,
): ParsedDetections<DetectionByKind[Kind]> {
  if (value === null || value === undefined) return { detections: [], warnings: [] };
  if (!Array.isArray(value)) {
    throw new GatewayError('upstream_error', `the model's ${kind} answer is not a list of detections`, {
      details: [{ path: kind, message: `expected an array, got ${typeof value}` }],
    });
  }
  const schema: z.ZodType<DetectionByKind[Kind]> = detectionSchemas[kind];
  const detections: DetectionByKind[Kind][] = [];
  const warnings: string[] = [];
  value.forEach((item: unknown, index) => {
    const result = schema.safeParse(item);
    if (result.success) {
      detections.push(result.data);
      return;
    }
    const issue = result.error.issues[0];
    const where = issue === undefined ? '' : [index, ...issue.path.map(String)].join('.');
    warnings.push(`dropped ${kind} detection ${index}: ${where} ${issue?.message ?? 'invalid'}`.trim());
  });
  return { detections, warnings };
}
