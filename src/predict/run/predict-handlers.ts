/**
 * The feature kinds predict answers: classifications and named entities from the predict core,
 * and the image tools (rectangle, point, polygon, raster-segmentation) from the geometry module.
 */

import type { ProviderId } from '../../providers/provider.js';
import { classificationHandlers } from '../classification-handlers.js';
import { shapeToolKinds } from '../geometry/normalised-shapes.js';
import type { FeatureKindHandlers, TaskSchema } from '../task-types.js';
import { shapeHandlers } from './shape-handlers.js';

const withPolygonMasks: FeatureKindHandlers = { ...classificationHandlers, ...shapeHandlers(false) };
const withNativeMasks: FeatureKindHandlers = { ...classificationHandlers, ...shapeHandlers(true) };

/** Gemini segments natively (a PNG mask per box); every other vendor outlines a polygon. */
export function predictFeatureHandlers(provider: ProviderId): FeatureKindHandlers {
  return provider === 'gemini' ? withNativeMasks : withPolygonMasks;
}

export function usesImageTools(task: TaskSchema): boolean {
  const kinds: readonly string[] = shapeToolKinds;
  return task.slots.some((slot) => slot.type === 'feature' && kinds.includes(slot.feature.kind));
}
