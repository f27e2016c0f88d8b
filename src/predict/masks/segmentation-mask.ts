/**
 * One `raster-segmentation` detection -> its full-size mask, from the best evidence the model
 * gave: Gemini's native probability map, else the polygon outline, else (with a warning) the
 * box itself. Each later source is coarser, so it is only used when the finer one is absent or
 * unreadable.
 */

import { isGatewayError } from '../../errors.js';
import type { ImageDimensions } from '../geometry/image-dimensions.js';
import {
  boxEdgesInPixels,
  boxToPixels,
  polygonToPixels,
  type DroppedReason,
  type SegmentationDetection,
} from '../geometry/normalised-shapes.js';
import { hasForeground, type BinaryMask } from './binary-mask.js';
import { placeGeminiMask, type GeminiMaskOptions } from './gemini-mask.js';
import { rasteriseBox, rasterisePolygon } from './rasterise.js';

export type MaskSource = 'gemini-mask' | 'polygon' | 'box';

export type SegmentationMaskResult =
  | { readonly mask: BinaryMask; readonly source: MaskSource; readonly warnings: readonly string[] }
  | { readonly dropped: DroppedReason; readonly warnings: readonly string[] };

export function segmentationToMask(
  detection: SegmentationDetection,
  image: ImageDimensions,
  options: GeminiMaskOptions = {},
): SegmentationMaskResult {
  const warnings: string[] = [];
  const native = detection.mask;
  if (typeof native === 'string' && native.trim() !== '') {
    const edges = boxEdgesInPixels(detection.box_2d, image);
    if (edges.right < edges.left || edges.bottom < edges.top) {
      warnings.push(`${detection.label}: the mask's box is inverted; using the polygon`);
    } else {
      try {
        const box = { left: edges.left, top: edges.top, width: edges.right - edges.left, height: edges.bottom - edges.top };
        const mask = placeGeminiMask(native, box, image, options);
        // The map is the model's own verdict on the box: nothing above threshold means no object.
        return hasForeground(mask) ? { mask, source: 'gemini-mask', warnings } : { dropped: 'empty', warnings };
      } catch (error) {
        if (!isGatewayError(error)) throw error;
        warnings.push(`${detection.label}: ${error.message}; using the polygon`);
      }
    }
  }

  if (detection.polygon !== undefined) {
    const outline = polygonToPixels(detection.polygon, image);
    if ('shape' in outline) {
      const mask = rasterisePolygon(outline.shape, image);
      if (hasForeground(mask)) return { mask, source: 'polygon', warnings };
    }
  }

  const box = boxToPixels(detection.box_2d, image);
  if ('dropped' in box) return { dropped: box.dropped, warnings };
  const [left, top, width, height] = box.shape;
  const mask = rasteriseBox({ left, top, width, height }, image);
  if (!hasForeground(mask)) return { dropped: 'empty', warnings };
  warnings.push(`${detection.label}: no usable outline; the mask is the whole box`);
  return { mask, source: 'box', warnings };
}
