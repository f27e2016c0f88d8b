/**
 * How the model locates things, and how those answers become pixels.
 *
 * The model answers in a frame normalised to 0-1000 on both axes, y before x, which is the
 * convention vision models are trained on (Gemini's `box_2d`):
 * - box:     `box_2d: [ymin, xmin, ymax, xmax]`
 * - point:   `point: [y, x]`
 * - polygon: `polygon: [[y, x], [y, x], ...]` (outline, not closed: the last vertex joins the first)
 * Each detection has a `label` (one of the ontology's tool names for that kind) and a
 * `confidence` in 0-1. Masks (`raster-segmentation`) ask for a box plus a polygon outline, and
 * accept Gemini's native `mask` (a base64 PNG probability map of the box).
 *
 * Pixels come out in the order SPEC §7 gives, x before y, origin top-left, scaled by width/1000
 * and height/1000, clamped to the image, and rounded to 0.01 px (Labelbox takes fractional
 * pixels): finer than any model's 1/1000 frame can mean on images up to 100,000 px, yet exact
 * for every whole-pixel answer.
 *
 * @see https://ai.google.dev/gemini-api/docs/image-understanding#object-detection
 */

import type { ImageDimensions } from './image-dimensions.js';

export const shapeToolKinds = ['rectangle', 'point', 'polygon', 'raster-segmentation'] as const;
export type ShapeToolKind = (typeof shapeToolKinds)[number];

/** The side of the model's normalised frame. */
export const NORMALISED_FRAME = 1000;

export type NormalisedBox = readonly [ymin: number, xmin: number, ymax: number, xmax: number];
export type NormalisedPoint = readonly [y: number, x: number];

interface DetectionBase {
  readonly label: string;
  readonly confidence: number;
}
export interface BoxDetection extends DetectionBase {
  readonly box_2d: NormalisedBox;
}
export interface PointDetection extends DetectionBase {
  readonly point: NormalisedPoint;
}
export interface PolygonDetection extends DetectionBase {
  readonly polygon: readonly NormalisedPoint[];
}
export interface SegmentationDetection extends DetectionBase {
  readonly box_2d: NormalisedBox;
  /** Asked for; absent from Gemini's native segmentation replies, which carry `mask` instead. */
  readonly polygon?: readonly NormalisedPoint[] | undefined;
  /** Gemini's base64 PNG probability map of the box, when the model gives one. */
  readonly mask?: string | null | undefined;
}

export interface DetectionByKind {
  readonly rectangle: BoxDetection;
  readonly point: PointDetection;
  readonly polygon: PolygonDetection;
  readonly 'raster-segmentation': SegmentationDetection;
}

/** `[left, top, width, height]` in pixels. */
export type PixelBox = [left: number, top: number, width: number, height: number];
/** `[x, y]` in pixels. */
export type PixelPoint = [x: number, y: number];

/** A JSON Schema object, as handed to a vendor's structured-output mechanism. */
export type JsonSchema = { readonly [keyword: string]: unknown };

export interface DetectionSchemaOptions {
  /**
   * raster-segmentation only: also offer Gemini's native `mask` field. Like every property it
   * is required (strict structured-output rules), and nullable for "no mask".
   */
  readonly nativeMask?: boolean;
}

/**
 * The JSON Schema of the model's answer for one tool kind: a list of detections whose `label`
 * is one of `toolNames`. Coordinates carry their range in the description rather than as
 * `minimum`/`maximum`, so a slightly out-of-frame answer is clamped rather than rejected.
 */
export function detectionListSchema(
  kind: ShapeToolKind,
  toolNames: readonly string[],
  options: DetectionSchemaOptions = {},
): JsonSchema {
  const label = { type: 'string', enum: [...toolNames], description: 'Which tool this is.' };
  const confidence = { type: 'number', description: 'How sure you are, from 0 to 1.' };
  const common = { label, confidence };
  // Strict structured-output rules: every property required, no others allowed.
  const item = (properties: Record<string, JsonSchema>): JsonSchema => ({
    type: 'object',
    properties,
    required: Object.keys(properties),
    additionalProperties: false,
  });
  const list = (items: JsonSchema, shape: string): JsonSchema => ({
    type: 'array',
    description: `One ${shape} per object of these tools in the image (${toolNames.join(', ')}); empty if none.`,
    items,
  });
  switch (kind) {
    case 'rectangle':
      return list(item({ box_2d: boxSchema, ...common }), 'bounding box');
    case 'point':
      return list(item({ point: pointSchema, ...common }), 'point');
    case 'polygon':
      return list(item({ polygon: polygonSchema, ...common }), 'polygon outline');
    case 'raster-segmentation': {
      const mask = options.nativeMask === true ? { mask: nullableMaskSchema } : {};
      return list(item({ box_2d: boxSchema, polygon: polygonSchema, ...mask, ...common }), 'bounding box and outline');
    }
    default:
      return assertNever(kind);
  }
}

/** One sentence for the prompt, stating the coordinate convention the schema expects. */
export function describeCoordinateConvention(kind: ShapeToolKind): string {
  const frame = 'Coordinates are normalised to 0-1000 on both axes, origin at the top-left, y before x';
  switch (kind) {
    case 'rectangle':
      return `${frame}: box_2d is [ymin, xmin, ymax, xmax].`;
    case 'point':
      return `${frame}: point is [y, x].`;
    case 'polygon':
      return `${frame}: polygon is the outline as [[y, x], ...], at least 3 vertices.`;
    case 'raster-segmentation':
      return `${frame}: box_2d is [ymin, xmin, ymax, xmax] and polygon is the object's outline as [[y, x], ...].`;
    default:
      return assertNever(kind);
  }
}

/**
 * A deterministic answer that satisfies `detectionListSchema(kind, [toolName], options)`: one
 * detection over the image's middle, for the offline `echo` provider and for tests.
 */
export function exampleDetections(
  kind: ShapeToolKind,
  toolName: string,
  options: DetectionSchemaOptions = {},
): Record<string, unknown>[] {
  const common = { label: toolName, confidence: 1 };
  const middle = [250, 250, 750, 750];
  const diamond = [[250, 500], [500, 750], [750, 500], [500, 250]];
  switch (kind) {
    case 'rectangle':
      return [{ box_2d: middle, ...common }];
    case 'point':
      return [{ point: [500, 500], ...common }];
    case 'polygon':
      return [{ polygon: diamond, ...common }];
    case 'raster-segmentation':
      return [{ box_2d: middle, polygon: diamond, ...(options.nativeMask === true ? { mask: null } : {}), ...common }];
    default:
      return assertNever(kind);
  }
}

const coordinate = { type: 'number', description: '0-1000' };
const boxSchema: JsonSchema = {
  type: 'array',
  description: '[ymin, xmin, ymax, xmax], each 0-1000',
  items: coordinate,
  minItems: 4,
  maxItems: 4,
};
const pointSchema: JsonSchema = {
  type: 'array',
  description: '[y, x], each 0-1000',
  items: coordinate,
  minItems: 2,
  maxItems: 2,
};
const polygonSchema: JsonSchema = {
  type: 'array',
  description: 'Outline vertices in order, each [y, x] with 0-1000 values',
  items: pointSchema,
  minItems: 3,
};
const nullableMaskSchema: JsonSchema = {
  anyOf: [
    {
      type: 'string',
      description: 'Segmentation mask of the box as a base64 PNG probability map (data:image/png;base64,...)',
    },
    { type: 'null' },
  ],
};

/** Why a shape was left out of the answer. */
export type DroppedReason = 'inverted' | 'empty';
export type Converted<Shape> = { readonly shape: Shape } | { readonly dropped: DroppedReason };

/** A box's edges in pixels. */
export interface PixelEdges {
  readonly left: number;
  readonly top: number;
  readonly right: number;
  readonly bottom: number;
}

/** Pixel edges of a normalised box, unclamped (mask placement needs the true extent). */
export function boxEdgesInPixels(box: NormalisedBox, image: ImageDimensions): PixelEdges {
  const [ymin, xmin, ymax, xmax] = box;
  return {
    left: scaleX(xmin, image),
    top: scaleY(ymin, image),
    right: scaleX(xmax, image),
    bottom: scaleY(ymax, image),
  };
}

/** Box -> `[left, top, width, height]`, clamped; inverted or zero-area boxes are dropped. */
export function boxToPixels(box: NormalisedBox, image: ImageDimensions): Converted<PixelBox> {
  const edges = boxEdgesInPixels(box, image);
  if (edges.right < edges.left || edges.bottom < edges.top) return { dropped: 'inverted' };
  const left = roundPixel(clamp(edges.left, image.width));
  const top = roundPixel(clamp(edges.top, image.height));
  const width = roundPixel(roundPixel(clamp(edges.right, image.width)) - left);
  const height = roundPixel(roundPixel(clamp(edges.bottom, image.height)) - top);
  if (width <= 0 || height <= 0) return { dropped: 'empty' };
  return { shape: [left, top, width, height] };
}

/** Point `[y, x]` -> `[x, y]`, clamped onto the image. */
export function pointToPixels(point: NormalisedPoint, image: ImageDimensions): PixelPoint {
  const [y, x] = point;
  return [roundPixel(clamp(scaleX(x, image), image.width)), roundPixel(clamp(scaleY(y, image), image.height))];
}

/**
 * Polygon `[[y, x], ...]` -> `[[x, y], ...]`, each vertex clamped; repeated vertices (including a
 * closing copy of the first) are merged. Fewer than 3 vertices or no area left: dropped.
 */
export function polygonToPixels(polygon: readonly NormalisedPoint[], image: ImageDimensions): Converted<PixelPoint[]> {
  const vertices: PixelPoint[] = [];
  for (const point of polygon) {
    const vertex = pointToPixels(point, image);
    const last = vertices[vertices.length - 1];
    if (last === undefined || last[0] !== vertex[0] || last[1] !== vertex[1]) vertices.push(vertex);
  }
  const first = vertices[0];
  const last = vertices[vertices.length - 1];
  if (vertices.length > 1 && first !== undefined && last !== undefined && first[0] === last[0] && first[1] === last[1]) {
    vertices.pop();
  }
  if (vertices.length < 3 || polygonArea(vertices) === 0) return { dropped: 'empty' };
  return { shape: vertices };
}

/** Absolute shoelace area. */
export function polygonArea(vertices: readonly PixelPoint[]): number {
  let twiceArea = 0;
  vertices.forEach(([x1, y1], index) => {
    const [x2, y2] = vertices[(index + 1) % vertices.length] ?? [x1, y1];
    twiceArea += x1 * y2 - x2 * y1;
  });
  return Math.abs(twiceArea) / 2;
}

/** Multiply before dividing: 437.5 * 320 / 1000 is exactly 140, 437.5 / 1000 * 320 is not. */
function scaleX(value: number, image: ImageDimensions): number {
  return (value * image.width) / NORMALISED_FRAME;
}
function scaleY(value: number, image: ImageDimensions): number {
  return (value * image.height) / NORMALISED_FRAME;
}

function clamp(value: number, limit: number): number {
  return Math.min(limit, Math.max(0, value));
}

/** Two decimals; `+ 0` turns a -0 into 0 so JSON and equality stay plain. */
export function roundPixel(value: number): number {
  return Math.round(value * 100) / 100 + 0;
}

function assertNever(value: never): never {
  throw new Error(`unhandled shape kind: ${String(value)}`);
}
