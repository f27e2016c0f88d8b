/**
 * The model's detections for one tool kind -> Labelbox's prediction values, keyed by tool name
 * (SPEC §7):
 * - rectangle:           `{"boxes": [[left, top, width, height]], "scores": [...]}`
 * - point:               `{"points": [[x, y]], "scores": [...]}`
 * - polygon:             `{"polygons": [[[x, y], ...]], "scores": [...]}`
 * - raster-segmentation: `{"masks": [{"size": [height, width], "counts": "..."}], "scores": [...]}`
 * Every tool of the kind gets an entry, empty when the model found nothing for it; `scores[i]`
 * belongs to shape `i`. Dropped shapes are reported as warnings, never silently.
 */

import { encodeCocoRle, type CocoRle } from '../masks/coco-rle.js';
import type { GeminiMaskOptions } from '../masks/gemini-mask.js';
import { segmentationToMask } from '../masks/segmentation-mask.js';
import type { ImageDimensions } from './image-dimensions.js';
import {
  boxToPixels,
  pointToPixels,
  polygonToPixels,
  type Converted,
  type DetectionByKind,
  type PixelBox,
  type PixelPoint,
  type ShapeToolKind,
} from './normalised-shapes.js';
import { parseDetections } from './parse-detections.js';

export interface ShapeByKind {
  readonly rectangle: PixelBox;
  readonly point: PixelPoint;
  readonly polygon: PixelPoint[];
  readonly 'raster-segmentation': CocoRle;
}

const answerKeys = {
  rectangle: 'boxes',
  point: 'points',
  polygon: 'polygons',
  'raster-segmentation': 'masks',
} as const satisfies Record<ShapeToolKind, string>;

/** e.g. `{ boxes: PixelBox[]; scores: number[] }` for `rectangle`. */
export type ShapeAnswer<Kind extends ShapeToolKind> = {
  [Key in (typeof answerKeys)[Kind]]: ShapeByKind[Kind][];
} & { scores: number[] };

export interface ShapeAnswerOptions {
  readonly image: ImageDimensions;
  /** The ontology's tool names of this kind; the answer has one entry per name. */
  readonly toolNames: readonly string[];
  /** `inference_params.confidence`: keep shapes scoring at least this; absent keeps all. */
  readonly minimumScore?: number | undefined;
  /** How Gemini's native masks are read (threshold 127 and bilinear by default). */
  readonly maskOptions?: GeminiMaskOptions | undefined;
}

export interface ShapeAnswers<Kind extends ShapeToolKind> {
  readonly answers: Record<string, ShapeAnswer<Kind>>;
  readonly warnings: string[];
}

/**
 * Reads the model's raw answer for one kind (what it put under that kind's key in its
 * structured output) and builds the keyed prediction values.
 *
 * @example
 * shapeAnswersFromModel('rectangle', [{ box_2d: [250, 125, 750, 437.5], label: 'box', confidence: 0.9 }],
 *   { image: { width: 320, height: 240 }, toolNames: ['box'] })
 * // -> { answers: { box: { boxes: [[40, 60, 100, 120]], scores: [0.9] } }, warnings: [] }
 */
export function shapeAnswersFromModel<Kind extends ShapeToolKind>(
  kind: Kind,
  modelAnswer: unknown,
  options: ShapeAnswerOptions,
): ShapeAnswers<Kind> {
  const parsed = parseDetections(kind, modelAnswer);
  const built = buildShapeAnswers(kind, parsed.detections, options);
  return { answers: built.answers, warnings: [...parsed.warnings, ...built.warnings] };
}

/**
 * One tool's value, for callers that give each tool its own property in the model's answer
 * (label enum `[toolName]`).
 */
export function shapeAnswerForTool<Kind extends ShapeToolKind>(
  kind: Kind,
  toolName: string,
  modelAnswer: unknown,
  options: Omit<ShapeAnswerOptions, 'toolNames'>,
): { readonly answer: ShapeAnswer<Kind>; readonly warnings: string[] } {
  const { answers, warnings } = shapeAnswersFromModel(kind, modelAnswer, { ...options, toolNames: [toolName] });
  const answer = answers[toolName];
  // Every tool name gets an entry, so this only guards the index type.
  if (answer === undefined) throw new Error(`no answer built for tool "${toolName}"`);
  return { answer, warnings };
}

/** The same from already-validated detections. */
export function buildShapeAnswers<Kind extends ShapeToolKind>(
  kind: Kind,
  detections: readonly DetectionByKind[Kind][],
  options: ShapeAnswerOptions,
): ShapeAnswers<Kind> {
  const grouped = new Map<string, { shapes: ShapeByKind[Kind][]; scores: number[] }>();
  for (const name of options.toolNames) grouped.set(name, { shapes: [], scores: [] });
  const warnings: string[] = [];

  detections.forEach((detection, index) => {
    const toolName = resolveToolName(detection.label, options.toolNames);
    if (toolName === undefined) {
      warnings.push(`dropped ${kind} ${index}: label "${detection.label}" is not one of the tools`);
      return;
    }
    const score = Math.min(1, Math.max(0, detection.confidence));
    if (options.minimumScore !== undefined && score < options.minimumScore) return;
    const converted = convertShape(kind, detection, options);
    warnings.push(...converted.warnings.map((warning) => `${kind} ${index}: ${warning}`));
    if ('dropped' in converted.result) {
      warnings.push(`dropped ${kind} ${index} (${toolName}): ${converted.result.dropped}`);
      return;
    }
    const group = grouped.get(toolName);
    group?.shapes.push(converted.result.shape);
    group?.scores.push(score);
  });

  const answers: Record<string, ShapeAnswer<Kind>> = Object.create(null) as Record<string, ShapeAnswer<Kind>>;
  for (const [name, group] of grouped) {
    // The computed key is `answerKeys[kind]`, which is exactly what `ShapeAnswer<Kind>` names.
    answers[name] = { [answerKeys[kind]]: group.shapes, scores: group.scores } as ShapeAnswer<Kind>;
  }
  return { answers, warnings };
}

interface ShapeConversion<Shape> {
  readonly result: Converted<Shape>;
  readonly warnings: readonly string[];
}

type ShapeConverters = {
  readonly [Kind in ShapeToolKind]: (
    detection: DetectionByKind[Kind],
    options: ShapeAnswerOptions,
  ) => ShapeConversion<ShapeByKind[Kind]>;
};

const converters: ShapeConverters = {
  rectangle: (detection, { image }) => ({ result: boxToPixels(detection.box_2d, image), warnings: [] }),
  point: (detection, { image }) => ({ result: { shape: pointToPixels(detection.point, image) }, warnings: [] }),
  polygon: (detection, { image }) => ({ result: polygonToPixels(detection.polygon, image), warnings: [] }),
  'raster-segmentation': (detection, { image, maskOptions }) => {
    const segmented = segmentationToMask(detection, image, maskOptions);
    return 'dropped' in segmented
      ? { result: { dropped: segmented.dropped }, warnings: segmented.warnings }
      : { result: { shape: encodeCocoRle(segmented.mask) }, warnings: segmented.warnings };
  },
};

function convertShape<Kind extends ShapeToolKind>(
  kind: Kind,
  detection: DetectionByKind[Kind],
  options: ShapeAnswerOptions,
): ShapeConversion<ShapeByKind[Kind]> {
  const converter: ShapeConverters[Kind] = converters[kind];
  return converter(detection, options);
}

/** Exact name first; a model that changed only case or spacing still means that tool. */
function resolveToolName(label: string, toolNames: readonly string[]): string | undefined {
  if (toolNames.includes(label)) return label;
  const wanted = label.trim().toLowerCase();
  return toolNames.find((name) => name.trim().toLowerCase() === wanted);
}
