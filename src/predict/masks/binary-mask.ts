/**
 * A full-size binary mask of one image: one byte per pixel, row-major (`pixels[y * width + x]`),
 * non-zero meaning foreground. Row-major because that is how images are stored and drawn;
 * COCO RLE's column-major order is the encoder's business alone (`coco-rle.ts`).
 */

export interface BinaryMask {
  readonly width: number;
  readonly height: number;
  /** Length `width * height`; non-zero = foreground. */
  readonly pixels: Uint8Array;
}

export function createEmptyMask(width: number, height: number): BinaryMask {
  assertMaskSize(width, height);
  return { width, height, pixels: new Uint8Array(width * height) };
}

export function assertMaskSize(width: number, height: number): void {
  if (!Number.isSafeInteger(width) || !Number.isSafeInteger(height) || width < 0 || height < 0) {
    throw new RangeError(`a mask needs whole, non-negative dimensions (got ${width}x${height})`);
  }
}

/** Counts the foreground pixels (the mask's area). Indexed loops: masks run to millions of pixels. */
export function countForeground(mask: BinaryMask): number {
  const { pixels } = mask;
  let area = 0;
  for (let index = 0; index < pixels.length; index += 1) if (pixels[index] !== 0) area += 1;
  return area;
}

export function hasForeground(mask: BinaryMask): boolean {
  const { pixels } = mask;
  for (let index = 0; index < pixels.length; index += 1) if (pixels[index] !== 0) return true;
  return false;
}
