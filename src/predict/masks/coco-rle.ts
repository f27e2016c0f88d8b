/**
 * COCO run-length encoding, byte for byte as `pycocotools.mask.encode` / `decode` / `area` /
 * `toBbox` produce it, so Labelbox (and any COCO tool) reads our masks as its own.
 *
 * - Runs are taken in column-major (Fortran) order and always start with a run of zeros, which
 *   is 0 long when the top-left pixel is foreground.
 * - The compressed `counts` string stores each run as a signed little-endian number in 5-bit
 *   chunks, one ASCII character per chunk (`chunk + 48`, bit 0x20 = "more chunks follow", bit
 *   0x10 of the last chunk = sign). From the fourth run on, a run is stored as its difference
 *   from the run two before it (`counts[i] - counts[i - 2]`), which keeps similar columns short.
 *
 * @see https://github.com/cocodataset/cocoapi/blob/master/common/maskApi.c (`rleEncode`,
 *   `rleToString`, `rleFrString`, `rleArea`; `rleToBbox` as fixed in the maintained fork
 *   https://github.com/ppwwyyxx/cocoapi/blob/master/common/maskApi.c, which pycocotools ships)
 */

import { assertMaskSize, type BinaryMask } from './binary-mask.js';

/** COCO's compressed RLE, the shape Labelbox takes for `raster-segmentation`. */
export interface CocoRle {
  /** `[height, width]`, COCO's order. */
  readonly size: readonly [height: number, width: number];
  readonly counts: string;
}

/** `[x, y, width, height]` in pixels, like `pycocotools.mask.toBbox`. */
export type RleBoundingBox = [x: number, y: number, width: number, height: number];

const CHARACTER_OFFSET = 48;
const CHUNK_BITS = 5;
const CHUNK_RANGE = 1 << CHUNK_BITS; // 32
const VALUE_BITS = 0x1f;
const SIGN_BIT = 0x10;
const CONTINUE_BIT = 0x20;

export function encodeCocoRle(mask: BinaryMask): CocoRle {
  return { size: [mask.height, mask.width], counts: countsToString(maskToRuns(mask)) };
}

export function decodeCocoRle(rle: CocoRle): BinaryMask {
  const [height, width] = rle.size;
  return runsToMask(countsFromString(rle.counts), width, height);
}

/**
 * The uncompressed run lengths (pycocotools' `cnts`): zeros first, then alternating ones and
 * zeros, column by column. Any non-zero byte counts as foreground.
 */
export function maskToRuns(mask: BinaryMask): number[] {
  const { width, height, pixels } = mask;
  assertMaskSize(width, height);
  if (pixels.length !== width * height) {
    throw new RangeError(`mask has ${pixels.length} pixels, expected ${width}x${height}`);
  }
  const runs: number[] = [];
  let current = 0;
  let length = 0;
  // Strided walk down each column: measured faster than transposing first (~0.1 s for 12 MP).
  for (let x = 0; x < width; x += 1) {
    for (let index = x; index < pixels.length; index += width) {
      const value = pixels[index] === 0 ? 0 : 1;
      if (value !== current) {
        runs.push(length);
        length = 0;
        current = value;
      }
      length += 1;
    }
  }
  runs.push(length);
  return runs;
}

/** Rebuilds a row-major mask from column-major runs; the runs must cover it exactly. */
export function runsToMask(runs: readonly number[], width: number, height: number): BinaryMask {
  assertMaskSize(width, height);
  const total = width * height;
  const pixels = new Uint8Array(total);
  let position = 0;
  let value = 0;
  for (const run of runs) {
    if (!Number.isSafeInteger(run) || run < 0) throw new RangeError(`RLE run ${run} is not a count`);
    if (position + run > total) throw new RangeError(`RLE runs cover more than ${width}x${height} pixels`);
    if (value === 1) fillColumnMajorRun(pixels, width, height, position, run);
    position += run;
    value = 1 - value;
  }
  if (position !== total) throw new RangeError(`RLE runs cover ${position} of ${total} pixels`);
  return { width, height, pixels };
}

/** Sets `run` pixels from column-major `position` on, in a row-major buffer. */
function fillColumnMajorRun(pixels: Uint8Array, width: number, height: number, position: number, run: number): void {
  let x = Math.floor(position / height);
  let y = position - x * height;
  for (let step = 0; step < run; step += 1) {
    pixels[y * width + x] = 1;
    y += 1;
    if (y === height) {
      y = 0;
      x += 1;
    }
  }
}

/** `rleToString`: run lengths -> the compressed `counts` string. */
export function countsToString(runs: readonly number[]): string {
  const characters: number[] = [];
  runs.forEach((run, index) => {
    const before = index > 2 ? runs[index - 2] : undefined;
    let remaining = before === undefined ? run : run - before;
    let more = true;
    while (more) {
      // Arithmetic shift by 5 bits, written with division so values past 2^31 stay exact.
      let chunk = ((remaining % CHUNK_RANGE) + CHUNK_RANGE) % CHUNK_RANGE;
      remaining = Math.floor(remaining / CHUNK_RANGE);
      more = (chunk & SIGN_BIT) !== 0 ? remaining !== -1 : remaining !== 0;
      if (more) chunk |= CONTINUE_BIT;
      characters.push(chunk + CHARACTER_OFFSET);
    }
  });
  // Every character is ASCII 48-111; Buffer avoids spreading a long array into arguments.
  return Buffer.from(characters).toString('latin1');
}

/** `rleFrString`: the compressed `counts` string -> run lengths. Rejects malformed strings. */
export function countsFromString(counts: string): number[] {
  const runs: number[] = [];
  let position = 0;
  while (position < counts.length) {
    let value = 0;
    let chunkIndex = 0;
    let more = true;
    while (more) {
      const code = counts.charCodeAt(position) - CHARACTER_OFFSET;
      if (Number.isNaN(code)) throw new RangeError('RLE counts string ends inside a number');
      if (code < 0 || code > VALUE_BITS + CONTINUE_BIT) {
        throw new RangeError(`RLE counts string has an invalid character at ${position}`);
      }
      const scale = CHUNK_RANGE ** chunkIndex;
      value += (code & VALUE_BITS) * scale;
      more = (code & CONTINUE_BIT) !== 0;
      position += 1;
      chunkIndex += 1;
      // Sign extension: the last chunk's 0x10 bit marks a negative number.
      if (!more && (code & SIGN_BIT) !== 0) value -= scale * CHUNK_RANGE;
    }
    const before = runs.length > 2 ? runs[runs.length - 2] : undefined;
    const run = before === undefined ? value : value + before;
    if (run < 0) throw new RangeError(`RLE counts string decodes to a negative run (${run})`);
    runs.push(run);
  }
  return runs;
}

/** `mask.area`: the number of foreground pixels. */
export function rleArea(rle: CocoRle): number {
  const runs = countsFromString(rle.counts);
  let area = 0;
  for (let index = 1; index < runs.length; index += 2) area += runs[index] ?? 0;
  return area;
}

/**
 * `mask.toBbox`: the tightest `[x, y, width, height]` around the foreground, `[0, 0, 0, 0]`
 * for an empty mask. A run of ones that wraps into the next column covers the bottom of one
 * column and the top of the next, so the box spans the full height (pycocotools' reasoning).
 */
export function rleBoundingBox(rle: CocoRle): RleBoundingBox {
  const [height, width] = rle.size;
  const runs = countsFromString(rle.counts);
  let left = width;
  let right = 0;
  let top = height;
  let bottom = 0;
  let start = 0;
  let found = false;
  for (let index = 0; index < runs.length; index += 1) {
    const run = runs[index] ?? 0;
    const end = start + run;
    if (index % 2 === 1 && run > 0) {
      found = true;
      const startColumn = Math.floor(start / height);
      const endColumn = Math.floor((end - 1) / height);
      left = Math.min(left, startColumn);
      right = Math.max(right, endColumn);
      if (startColumn < endColumn) {
        top = 0;
        bottom = height - 1;
      } else {
        top = Math.min(top, start - startColumn * height);
        bottom = Math.max(bottom, end - 1 - endColumn * height);
      }
    }
    start = end;
  }
  // Only zero-length runs of ones (never produced by an encoder): pycocotools' untouched
  // extremes would give a negative width here; the honest answer is an empty box.
  if (!found) return [0, 0, 0, 0];
  return [left, top, right - left + 1, bottom - top + 1];
}
