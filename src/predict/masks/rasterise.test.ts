import { describe, expect, it } from 'vitest';
import { countForeground, type BinaryMask } from './binary-mask.js';
import { encodeCocoRle, rleArea, rleBoundingBox } from './coco-rle.js';
import { pixelSpan, rasteriseBox, rasterisePolygon } from './rasterise.js';

/** The mask as rows of '0'/'1', to compare by eye. */
function drawn(mask: BinaryMask): string[] {
  const rows: string[] = [];
  for (let y = 0; y < mask.height; y += 1) {
    rows.push(Array.from(mask.pixels.subarray(y * mask.width, (y + 1) * mask.width)).join(''));
  }
  return rows;
}

describe('rasteriseBox', () => {
  it('covers exactly the pixels of a whole-pixel box', () => {
    const mask = rasteriseBox({ left: 1, top: 1, width: 3, height: 2 }, { width: 5, height: 4 });
    expect(drawn(mask)).toEqual(['00000', '01110', '01110', '00000']);
  });

  // Expected strings: twsl/pytorchcocotools tests/profiling/test_fr_bbox.py (pycocotools'
  // rleFrBbox on a 25x25 canvas), which agrees with pixel centres for whole-pixel boxes.
  // https://github.com/twsl/pytorchcocotools/blob/main/tests/profiling/test_fr_bbox.py
  it.each([
    [{ left: 10, top: 10, width: 10, height: 10 }, 'T8:?00000000000000000c3'],
    [{ left: 5, top: 5, width: 10, height: 10 }, 'R4:?00000000000000000e7'],
    [{ left: 15, top: 15, width: 5, height: 5 }, 'V<5d00000000^3'],
    [{ left: 0, top: 0, width: 25, height: 25 }, '0ac0'],
  ])('matches pycocotools frBbox for %o', (box, counts) => {
    expect(encodeCocoRle(rasteriseBox(box, { width: 25, height: 25 })).counts).toBe(counts);
  });

  it('takes a pixel when its centre is inside: fractional edges round at .5', () => {
    // Columns whose centre x + 0.5 is in [0.6, 2.5): 1 (1.5); 2.5 is excluded.
    expect(pixelSpan(0.6, 2.5, 10)).toEqual({ first: 1, end: 2 });
    expect(pixelSpan(0.5, 2.6, 10)).toEqual({ first: 0, end: 3 });
    const mask = rasteriseBox({ left: 0.6, top: 0, width: 1.9, height: 1 }, { width: 4, height: 1 });
    expect(drawn(mask)).toEqual(['0100']);
  });

  it('clips to the image and gives nothing for a box outside it', () => {
    expect(drawn(rasteriseBox({ left: -5, top: -5, width: 7, height: 6 }, { width: 3, height: 2 }))).toEqual(['110', '000']);
    expect(countForeground(rasteriseBox({ left: 10, top: 0, width: 5, height: 5 }, { width: 3, height: 3 }))).toBe(0);
  });
});

describe('rasterisePolygon', () => {
  it('fills a rectangle outline exactly like the box (image.png red rectangle: 100x120 at 40,60)', () => {
    const size = { width: 320, height: 240 };
    const polygon = rasterisePolygon([[40, 60], [140, 60], [140, 180], [40, 180]], size);
    const box = rasteriseBox({ left: 40, top: 60, width: 100, height: 120 }, size);
    const rle = encodeCocoRle(polygon);
    // Equal RLEs are equal masks (and far quicker to compare than 76,800 bytes).
    expect(rle).toEqual(encodeCocoRle(box));
    expect(rleArea(rle)).toBe(12_000);
    expect(rleBoundingBox(rle)).toEqual([40, 60, 100, 120]);
  });

  it('fills a triangle by pixel centres, either winding; centres on the right edge stay out', () => {
    const size = { width: 4, height: 4 };
    const expected = ['0000', '1000', '1100', '1110'];
    expect(drawn(rasterisePolygon([[0, 0], [4, 4], [0, 4]], size))).toEqual(expected);
    expect(drawn(rasterisePolygon([[0, 4], [4, 4], [0, 0]], size))).toEqual(expected);
  });

  it('leaves the notch of a concave outline empty', () => {
    // A "U": outer 5x4 with a 1x3 notch cut down from the top in the middle column.
    const outline: [number, number][] = [[0, 0], [2, 0], [2, 3], [3, 3], [3, 0], [5, 0], [5, 4], [0, 4]];
    expect(drawn(rasterisePolygon(outline, { width: 5, height: 4 }))).toEqual(['11011', '11011', '11011', '11111']);
  });

  it('ignores degenerate outlines and clips what lies outside', () => {
    expect(countForeground(rasterisePolygon([[0, 0], [3, 3]], { width: 4, height: 4 }))).toBe(0);
    expect(countForeground(rasterisePolygon([[0, 1], [4, 1], [2, 1]], { width: 4, height: 4 }))).toBe(0);
    const clipped = rasterisePolygon([[-10, -10], [2, -10], [2, 10], [-10, 10]], { width: 4, height: 2 });
    expect(drawn(clipped)).toEqual(['1100', '1100']);
  });
});
