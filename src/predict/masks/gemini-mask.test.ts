import { readFileSync } from 'node:fs';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../errors.js';
import { countForeground, type BinaryMask } from './binary-mask.js';
import { decodeProbabilityPng, placeGeminiMask } from './gemini-mask.js';
import { thrownBy } from '../../../test/support/thrown.js';

/** A grayscale PNG like Gemini's, as the `mask` field carries it. */
function probabilityPng(width: number, height: number, values: readonly number[]): string {
  const png = new PNG({ width, height });
  values.forEach((value, index) => {
    png.data.set([value, value, value, 255], index * 4);
  });
  return `data:image/png;base64,${PNG.sync.write(png, { colorType: 0 }).toString('base64')}`;
}

function drawn(mask: BinaryMask): string[] {
  const rows: string[] = [];
  for (let y = 0; y < mask.height; y += 1) {
    rows.push(Array.from(mask.pixels.subarray(y * mask.width, (y + 1) * mask.width)).join(''));
  }
  return rows;
}

const caught = thrownBy;

const diagonal = probabilityPng(2, 2, [255, 0, 0, 255]);
const sixBySix = { width: 6, height: 6 };
const diagonalInMiddle = ['000000', '011000', '011000', '000110', '000110', '000000'];

describe('decodeProbabilityPng', () => {
  it('reads a grayscale PNG data URL, and bare base64 too', () => {
    expect(decodeProbabilityPng(diagonal)).toEqual({ width: 2, height: 2, values: Uint8Array.from([255, 0, 0, 255]) });
    const bare = diagonal.replace('data:image/png;base64,', '');
    expect(decodeProbabilityPng(bare).values).toEqual(Uint8Array.from([255, 0, 0, 255]));
  });

  it('weights colour by opacity, so a transparent background counts as 0', () => {
    const png = new PNG({ width: 2, height: 1 });
    png.data.set([255, 255, 255, 0, 200, 200, 200, 255]);
    const field = PNG.sync.write(png).toString('base64');
    expect(decodeProbabilityPng(field).values).toEqual(Uint8Array.from([0, 200]));
  });

  it('answers 502 upstream_error for anything that is not a sane PNG', () => {
    const notBase64 = caught(() => decodeProbabilityPng('data:image/png;base64,***'));
    expect(notBase64).toBeInstanceOf(GatewayError);
    expect(notBase64).toMatchObject({ code: 'upstream_error', status: 502, message: expect.stringContaining('not base64') });
    expect(caught(() => decodeProbabilityPng(Buffer.from('hello, not a png at all').toString('base64')))).toMatchObject({
      message: expect.stringContaining('not a PNG'),
    });
    const truncated = Buffer.from(diagonal.split(',')[1] ?? '', 'base64').subarray(0, 40);
    expect(caught(() => decodeProbabilityPng(truncated.toString('base64')))).toMatchObject({ code: 'upstream_error' });
    // A header claiming 5000x5000 is refused before anything is inflated.
    const huge = Buffer.from(diagonal.split(',')[1] ?? '', 'base64');
    huge.writeUInt32BE(5000, 16);
    huge.writeUInt32BE(5000, 20);
    expect(caught(() => decodeProbabilityPng(huge.toString('base64')))).toMatchObject({
      message: expect.stringContaining('5000x5000'),
    });
  });
});

describe('placeGeminiMask', () => {
  it('stretches the map over its box and places it (nearest)', () => {
    const mask = placeGeminiMask(diagonal, { left: 1, top: 1, width: 4, height: 4 }, sixBySix, { resampling: 'nearest' });
    expect(drawn(mask)).toEqual(diagonalInMiddle);
  });

  it('gives the same shape with bilinear sampling, the default', () => {
    expect(drawn(placeGeminiMask(diagonal, { left: 1, top: 1, width: 4, height: 4 }, sixBySix))).toEqual(diagonalInMiddle);
  });

  it('binarises strictly above the threshold (127 by default)', () => {
    const box = { left: 0, top: 0, width: 2, height: 2 };
    const size = { width: 2, height: 2 };
    expect(countForeground(placeGeminiMask(probabilityPng(1, 1, [127]), box, size))).toBe(0);
    expect(countForeground(placeGeminiMask(probabilityPng(1, 1, [128]), box, size))).toBe(4);
    expect(countForeground(placeGeminiMask(probabilityPng(1, 1, [128]), box, size, { threshold: 200 }))).toBe(0);
  });

  it('keeps the map at the scale of the whole box when the box runs off the image', () => {
    // Box columns -2..1; the map's left half (0) falls off the image, its right half (255) stays.
    const map = probabilityPng(2, 1, [0, 255]);
    const mask = placeGeminiMask(map, { left: -2, top: 0, width: 4, height: 2 }, { width: 4, height: 2 });
    expect(drawn(mask)).toEqual(['1100', '1100']);
  });

  it('gives an empty mask for an empty box', () => {
    expect(countForeground(placeGeminiMask(diagonal, { left: 2, top: 2, width: 0, height: 3 }, sixBySix))).toBe(0);
  });

  it('recovers the blue circle of fixtures/media/image.png from a coarse probability map', () => {
    const image = PNG.sync.read(readFileSync(new URL('../../../fixtures/media/image.png', import.meta.url)));
    const isBlue = (x: number, y: number): boolean => {
      const offset = (y * image.width + x) * 4;
      return (image.data[offset + 2] ?? 0) > 128 && (image.data[offset] ?? 0) < 128;
    };
    // The circle (centre 240,120, radius 40) sits in the 81x81 box at 200,80. Like Gemini, send
    // a coarser map of that box: 27x27, each value the share of blue in a 3x3 block.
    const box = { left: 200, top: 80, width: 81, height: 81 };
    const values: number[] = [];
    for (let row = 0; row < 27; row += 1) {
      for (let column = 0; column < 27; column += 1) {
        let blue = 0;
        for (let dy = 0; dy < 3; dy += 1) {
          for (let dx = 0; dx < 3; dx += 1) if (isBlue(200 + column * 3 + dx, 80 + row * 3 + dy)) blue += 1;
        }
        values.push(Math.round((blue / 9) * 255));
      }
    }
    const mask = placeGeminiMask(probabilityPng(27, 27, values), box, { width: image.width, height: image.height });

    let intersection = 0;
    let union = 0;
    for (let y = 0; y < image.height; y += 1) {
      for (let x = 0; x < image.width; x += 1) {
        const predicted = mask.pixels[y * image.width + x] === 1;
        const truth = isBlue(x, y);
        if (predicted && truth) intersection += 1;
        if (predicted || truth) union += 1;
      }
    }
    expect(intersection / union).toBeGreaterThan(0.95);
    expect(Math.abs(countForeground(mask) - Math.PI * 40 * 40)).toBeLessThan(200);
  });
});
