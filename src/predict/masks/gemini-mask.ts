/**
 * Gemini's native segmentation answer: per object a `box_2d` and a `mask`, a base64 PNG
 * (`data:image/png;base64,...`) holding a 0-255 probability map of the box's content. The map
 * is resized to the box's pixel size, binarised at 127 and placed into a full-size mask.
 *
 * @see https://ai.google.dev/gemini-api/docs/image-understanding#segmentation
 */

import { PNG } from 'pngjs';
import { GatewayError } from '../../errors.js';
import { createEmptyMask, type BinaryMask } from './binary-mask.js';
import type { MaskSize, PixelRectangle } from './rasterise.js';

/** A decoded probability map: row-major, one 0-255 value per pixel. */
export interface ProbabilityMap {
  readonly width: number;
  readonly height: number;
  readonly values: Uint8Array;
}

export type Resampling = 'bilinear' | 'nearest';

export interface GeminiMaskOptions {
  /** A pixel is foreground when its probability is above this; Gemini's docs use 127. */
  readonly threshold?: number;
  /** Bilinear follows Gemini's own example code; nearest keeps blocky maps blocky. */
  readonly resampling?: Resampling;
}

/** Masks describe one box; anything larger than this is not a mask but a decompression bomb. */
const MAX_MAP_SIDE = 4096;
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const DATA_URL_PREFIX = /^\s*data:image\/png;base64,/i;
const BASE64_BODY = /^[A-Za-z0-9+/\s]*={0,2}\s*$/;

/** Decodes the `mask` field (a PNG data URL, or bare base64 as some replies send it). */
export function decodeProbabilityPng(maskField: string): ProbabilityMap {
  const base64 = maskField.replace(DATA_URL_PREFIX, '');
  if (!BASE64_BODY.test(base64)) throw unreadableMask('it is not base64');
  const bytes = Buffer.from(base64, 'base64');
  if (bytes.length < 24 || !bytes.subarray(0, PNG_SIGNATURE.length).equals(PNG_SIGNATURE)) {
    throw unreadableMask('it is not a PNG');
  }
  // IHDR is always the first chunk: width and height sit at bytes 16-23.
  const declaredWidth = bytes.readUInt32BE(16);
  const declaredHeight = bytes.readUInt32BE(20);
  if (declaredWidth > MAX_MAP_SIDE || declaredHeight > MAX_MAP_SIDE) {
    throw unreadableMask(`it is ${declaredWidth}x${declaredHeight}, over ${MAX_MAP_SIDE} a side`);
  }
  let image: PNG;
  try {
    image = PNG.sync.read(bytes);
  } catch (error) {
    throw unreadableMask(error instanceof Error ? error.message : 'the PNG does not decode', error);
  }
  return { width: image.width, height: image.height, values: probabilities(image) };
}

/**
 * The mask of one object in a `size` image. `box` is the object's box in pixels before any
 * clamping: the map stretches over the whole box, and whatever falls outside the image is cut.
 */
export function placeGeminiMask(
  maskField: string,
  box: PixelRectangle,
  size: MaskSize,
  options: GeminiMaskOptions = {},
): BinaryMask {
  return placeProbabilityMap(decodeProbabilityPng(maskField), box, size, options);
}

export function placeProbabilityMap(
  map: ProbabilityMap,
  box: PixelRectangle,
  size: MaskSize,
  { threshold = 127, resampling = 'bilinear' }: GeminiMaskOptions = {},
): BinaryMask {
  const mask = createEmptyMask(size.width, size.height);
  // Same pixel-centre rule as `rasteriseBox`, but unclipped so the map keeps its true scale.
  const firstColumn = Math.ceil(box.left - 0.5);
  const firstRow = Math.ceil(box.top - 0.5);
  const regionWidth = Math.ceil(box.left + box.width - 0.5) - firstColumn;
  const regionHeight = Math.ceil(box.top + box.height - 0.5) - firstRow;
  if (regionWidth <= 0 || regionHeight <= 0 || map.width === 0 || map.height === 0) return mask;
  const sample = resampling === 'nearest' ? sampleNearest : sampleBilinear;
  for (let y = Math.max(0, firstRow); y < Math.min(size.height, firstRow + regionHeight); y += 1) {
    const sourceY = ((y - firstRow + 0.5) * map.height) / regionHeight;
    for (let x = Math.max(0, firstColumn); x < Math.min(size.width, firstColumn + regionWidth); x += 1) {
      const sourceX = ((x - firstColumn + 0.5) * map.width) / regionWidth;
      if (sample(map, sourceX, sourceY) > threshold) mask.pixels[y * size.width + x] = 1;
    }
  }
  return mask;
}

/** One 0-255 value per pixel: the brightest channel, weighted by opacity. */
function probabilities(image: PNG): Uint8Array {
  const values = new Uint8Array(image.width * image.height);
  const rgba = image.data;
  for (let index = 0; index < values.length; index += 1) {
    const offset = index * 4;
    const brightest = Math.max(rgba[offset] ?? 0, rgba[offset + 1] ?? 0, rgba[offset + 2] ?? 0);
    values[index] = Math.round((brightest * (rgba[offset + 3] ?? 255)) / 255);
  }
  return values;
}

/** `sourceX`/`sourceY` are in map units, measured from the map's top-left corner. */
function sampleNearest(map: ProbabilityMap, sourceX: number, sourceY: number): number {
  const x = Math.min(map.width - 1, Math.floor(sourceX));
  const y = Math.min(map.height - 1, Math.floor(sourceY));
  return map.values[y * map.width + x] ?? 0;
}

/** Bilinear between the four nearest map pixel centres, edges extended. */
function sampleBilinear(map: ProbabilityMap, sourceX: number, sourceY: number): number {
  const centreX = clamp(sourceX - 0.5, 0, map.width - 1);
  const centreY = clamp(sourceY - 0.5, 0, map.height - 1);
  const x0 = Math.floor(centreX);
  const y0 = Math.floor(centreY);
  const x1 = Math.min(x0 + 1, map.width - 1);
  const y1 = Math.min(y0 + 1, map.height - 1);
  const fractionX = centreX - x0;
  const fractionY = centreY - y0;
  const at = (x: number, y: number): number => map.values[y * map.width + x] ?? 0;
  const top = at(x0, y0) * (1 - fractionX) + at(x1, y0) * fractionX;
  const bottom = at(x0, y1) * (1 - fractionX) + at(x1, y1) * fractionX;
  return top * (1 - fractionY) + bottom * fractionY;
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, value));
}

function unreadableMask(reason: string, cause?: unknown): GatewayError {
  return new GatewayError('upstream_error', `the model's segmentation mask is unreadable: ${reason}`, {
    details: [{ path: 'mask', message: reason }],
    cause,
  });
}
