/**
 * The feature kinds predict answers: classifications and named entities from the predict core,
 * and the image tools (rectangle, point, polygon, raster-segmentation) from the geometry module.
 */

import { classificationHandlers } from '../classification-handlers.js';
import type { FeatureKindHandlers, TaskSchema } from '../task-types.js';
import { shapeHandlers } from './shape-handlers.js';

export const predictFeatureHandlers: FeatureKindHandlers = { ...classificationHandlers, ...shapeHandlers };

export function usesImageTools(task: TaskSchema): boolean {
  return task.slots.some((slot) => slot.type === 'feature' && Object.hasOwn(shapeHandlers, slot.feature.kind));
}
