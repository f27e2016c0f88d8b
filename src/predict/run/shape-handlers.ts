/**
 * Image tools as predict feature handlers: each tool gets its own property holding the model's
 * detections in the normalised 0–1000 frame, and its answer is built in true pixels of the
 * asset image (SPEC §7).
 */

import { GatewayError } from '../../errors.js';
import type { Feature } from '../../labelbox/ontology.js';
import {
  describeCoordinateConvention,
  detectionListSchema,
  exampleDetections,
  type DetectionSchemaOptions,
  type ShapeToolKind,
} from '../geometry/normalised-shapes.js';
import { shapeAnswerForTool } from '../geometry/shape-answers.js';
import type { FeatureKindHandler, FeatureKindHandlers } from '../task-types.js';

const nouns: Readonly<Record<ShapeToolKind, string>> = {
  rectangle: 'a bounding box',
  point: 'one point',
  polygon: 'a polygon outline',
  'raster-segmentation': 'a bounding box and a polygon outline of its mask',
};

function shapeHandler(kind: ShapeToolKind, options: DetectionSchemaOptions): FeatureKindHandler {
  return {
    schema: (feature: Feature) => detectionListSchema(kind, [feature.name], options),
    nullableWhenOptional: false,
    describe: (feature: Feature) =>
      `every ${feature.name} in the image as ${nouns[kind]} with a confidence; ${describeCoordinateConvention(kind)}`,
    toAnswer(value, feature, context) {
      if (context.image === undefined) {
        throw new GatewayError('unsupported_content', `${feature.name} (${kind}) needs an image asset`);
      }
      const { answer, warnings } = shapeAnswerForTool(kind, feature.name, value, {
        image: context.image,
        minimumScore: context.confidence,
      });
      if (warnings.length > 0) context.log.warn({ tool: feature.name, kind, dropped: warnings.length }, warnings.join('; '));
      return answer;
    },
    echo: (feature: Feature) => exampleDetections(kind, feature.name, options),
  };
}

/**
 * @param nativeMask offer raster-segmentation a `mask` field (a base64 PNG per box): Gemini's
 * own segmentation output. Other vendors are asked for a polygon outline only.
 */
export function shapeHandlers(nativeMask: boolean): FeatureKindHandlers {
  const options: DetectionSchemaOptions = { nativeMask };
  return {
    rectangle: shapeHandler('rectangle', options),
    point: shapeHandler('point', options),
    polygon: shapeHandler('polygon', options),
    'raster-segmentation': shapeHandler('raster-segmentation', options),
  };
}
