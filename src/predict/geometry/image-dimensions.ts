/**
 * The true size of an image as a person (and a vision model) sees it, read from its bytes.
 * A phone JPEG is often stored landscape with an EXIF orientation saying "turn me"; models
 * answer in the displayed frame, so for orientations 5-8 (a quarter turn, possibly mirrored)
 * width and height swap.
 *
 * @see https://www.cipa.jp/std/documents/e/DC-X008-Translation-2019-E.pdf (EXIF tag 0x0112)
 */

import { imageSize } from 'image-size';
import { GatewayError } from '../../errors.js';

export interface ImageDimensions {
  /** Displayed width in pixels (after EXIF orientation). */
  readonly width: number;
  /** Displayed height in pixels (after EXIF orientation). */
  readonly height: number;
}

/** EXIF orientations that rotate the stored image by 90 or 270 degrees. */
const QUARTER_TURN_ORIENTATIONS: ReadonlySet<number> = new Set([5, 6, 7, 8]);

/**
 * Reads PNG, JPEG, GIF, WebP, BMP, TIFF, HEIF, AVIF, SVG and the other formats `image-size`
 * knows. Bytes that are not a readable image are the client's asset problem: 400
 * `unsupported_content`, never a crash.
 */
export function readImageDimensions(bytes: Uint8Array): ImageDimensions {
  let measured: ReturnType<typeof imageSize>;
  try {
    measured = imageSize(bytes);
  } catch (error) {
    const reason = error instanceof Error ? error.message : 'unknown format';
    throw notAnImage(`the asset is not a readable image (${reason})`, error);
  }
  const { width, height, orientation } = measured;
  if (!isPositiveDimension(width) || !isPositiveDimension(height)) {
    throw notAnImage(`the image declares no usable size (${width}x${height})`);
  }
  return orientation !== undefined && QUARTER_TURN_ORIENTATIONS.has(orientation)
    ? { width: height, height: width }
    : { width, height };
}

function isPositiveDimension(value: number): boolean {
  return Number.isFinite(value) && value > 0;
}

function notAnImage(message: string, cause?: unknown): GatewayError {
  return new GatewayError('unsupported_content', message, {
    details: [{ path: 'data_row.row_data', message }],
    cause,
  });
}
