/**
 * Shapes in pixel coordinates -> full-size binary masks.
 *
 * Pixel (x, y) covers the square [x, x+1) x [y, y+1); it is foreground when its centre
 * (x + 0.5, y + 0.5) lies inside the shape, with left/top edges inclusive and right/bottom edges
 * exclusive. So a box with whole-pixel edges covers exactly `width * height` pixels, and two
 * shapes that share an edge never both claim a pixel. Polygons fill by the even-odd rule: the
 * outlines a model draws are simple, where even-odd and non-zero agree, and even-odd needs no
 * winding bookkeeping.
 */

import { createEmptyMask, type BinaryMask } from './binary-mask.js';

/** `[x, y]` in pixels (Labelbox's order). */
export type PixelVertex = readonly [x: number, y: number];

/** `left, top, width, height` in pixels, possibly fractional. */
export interface PixelRectangle {
  readonly left: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
}

export interface MaskSize {
  readonly width: number;
  readonly height: number;
}

/** The whole-pixel span [first, end) whose centres fall in [start, stop), clipped to [0, limit). */
export function pixelSpan(start: number, stop: number, limit: number): { first: number; end: number } {
  const first = Math.max(0, Math.ceil(start - 0.5));
  const end = Math.min(limit, Math.ceil(stop - 0.5));
  return { first, end: Math.max(first, end) };
}

export function rasteriseBox(box: PixelRectangle, size: MaskSize): BinaryMask {
  const mask = createEmptyMask(size.width, size.height);
  const columns = pixelSpan(box.left, box.left + box.width, size.width);
  const rows = pixelSpan(box.top, box.top + box.height, size.height);
  for (let y = rows.first; y < rows.end; y += 1) {
    mask.pixels.fill(1, y * size.width + columns.first, y * size.width + columns.end);
  }
  return mask;
}

export function rasterisePolygon(vertices: readonly PixelVertex[], size: MaskSize): BinaryMask {
  const mask = createEmptyMask(size.width, size.height);
  if (vertices.length < 3) return mask;
  // Flat coordinate arrays: this loop runs rows x edges times on multi-megapixel images.
  const xs = Float64Array.from(vertices, ([x]) => x);
  const ys = Float64Array.from(vertices, ([, y]) => y);
  const crossings: number[] = [];
  for (let y = 0; y < size.height; y += 1) {
    crossings.length = 0;
    collectCrossings(xs, ys, y + 0.5, crossings);
    crossings.sort((first, second) => first - second);
    // Even-odd: the scanline is inside between the 1st and 2nd crossing, 3rd and 4th, ...
    for (let index = 0; index + 1 < crossings.length; index += 2) {
      const columns = pixelSpan(crossings[index] ?? 0, crossings[index + 1] ?? 0, size.width);
      mask.pixels.fill(1, y * size.width + columns.first, y * size.width + columns.end);
    }
  }
  return mask;
}

/**
 * The x positions where the polygon's edges cross the horizontal line `y = centreY`. An edge
 * counts when one end is at or above the line and the other strictly below, so a vertex lying
 * exactly on the line is counted once, and horizontal edges never.
 */
function collectCrossings(xs: Float64Array, ys: Float64Array, centreY: number, crossings: number[]): void {
  let previous = xs.length - 1;
  for (let current = 0; current < xs.length; current += 1) {
    const y1 = ys[previous] ?? 0;
    const y2 = ys[current] ?? 0;
    if ((y1 <= centreY) !== (y2 <= centreY)) {
      const x1 = xs[previous] ?? 0;
      const x2 = xs[current] ?? 0;
      crossings.push(x1 + ((centreY - y1) * (x2 - x1)) / (y2 - y1));
    }
    previous = current;
  }
}
