import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { BinaryMask } from './binary-mask.js';
import {
  countsFromString,
  countsToString,
  decodeCocoRle,
  encodeCocoRle,
  maskToRuns,
  rleArea,
  rleBoundingBox,
  type CocoRle,
} from './coco-rle.js';

/** A mask from rows of '0'/'1' characters, the way one draws it. */
function drawMask(rows: readonly string[]): BinaryMask {
  const height = rows.length;
  const width = rows[0]?.length ?? 0;
  const pixels = Uint8Array.from(rows.join(''), (character) => (character === '1' ? 1 : 0));
  return { width, height, pixels };
}

/** numpy's `mask[top:bottom, left:right] = 1` on an empty `height x width` mask. */
function sliceMask(height: number, width: number, rows: [number, number], columns: [number, number]): BinaryMask {
  const pixels = new Uint8Array(width * height);
  for (let y = rows[0]; y < rows[1]; y += 1) pixels.fill(1, y * width + columns[0], y * width + columns[1]);
  return { width, height, pixels };
}

/** Brute-force `[x, y, w, h]` of the foreground. */
function bruteForceBox(mask: BinaryMask): [number, number, number, number] {
  let left = Infinity;
  let top = Infinity;
  let right = -1;
  let bottom = -1;
  mask.pixels.forEach((value, index) => {
    if (value === 0) return;
    const x = index % mask.width;
    const y = Math.floor(index / mask.width);
    left = Math.min(left, x);
    top = Math.min(top, y);
    right = Math.max(right, x);
    bottom = Math.max(bottom, y);
  });
  return right < 0 ? [0, 0, 0, 0] : [left, top, right - left + 1, bottom - top + 1];
}

const randomMask = fc
  .record({ width: fc.integer({ min: 0, max: 24 }), height: fc.integer({ min: 0, max: 24 }) })
  .chain(({ width, height }) =>
    fc
      .oneof(
        // Noise, and long runs (the delta coding's interesting case).
        fc.uint8Array({ minLength: width * height, maxLength: width * height, max: 1 }),
        fc.array(fc.integer({ min: 1, max: 40 }), { maxLength: 30 }).map((lengths) => {
          const pixels = new Uint8Array(width * height);
          let position = 0;
          lengths.forEach((length, index) => {
            if (index % 2 === 1) pixels.fill(1, position, position + length);
            position += length;
          });
          return pixels;
        }),
      )
      .map((pixels): BinaryMask => ({ width, height, pixels })),
  );

describe('COCO RLE: published pycocotools vectors', () => {
  // twsl/pytorchcocotools tests/mask/test_encode.py (EncodeCases): a 25x25 mask with
  // mask[min:max, min:max] = 1, asserted there to equal `pycocotools.mask.encode`'s output.
  // https://github.com/twsl/pytorchcocotools/blob/main/tests/mask/test_encode.py
  it.each([
    [0, 5, '05d00000000d?'],
    [5, 10, 'R45d00000000b;'],
    [20, 25, 'X`05d00000000'],
    [0, 25, '0ac0'],
  ])('encodes mask[%i:%i, same] in 25x25 as %s', (start, end, counts) => {
    const rle = encodeCocoRle(sliceMask(25, 25, [start, end], [start, end]));
    expect(rle).toEqual({ size: [25, 25], counts });
    expect(decodeCocoRle(rle).pixels).toEqual(sliceMask(25, 25, [start, end], [start, end]).pixels);
  });

  // Same file (case_complex_*): real 427x640 annotations for which pycocotools'
  // encode(decode(rle)) == rle, so our decode -> encode must give them back character for character.
  it.each([
    '\\`_3;j<6M3E_OjCd0T<:O1O2O001O00001O00001O001O0000O1K6J5J6A^C0g<N=O001O0O2Omk^4',
    'RT_32n<<O100O0010O000010O0001O00001O000O101O0ISPc4',
  ])('round-trips the 427x640 annotation %s', (counts) => {
    const rle: CocoRle = { size: [427, 640], counts };
    const mask = decodeCocoRle(rle);
    expect(encodeCocoRle(mask)).toEqual(rle);
    expect(rleArea(rle)).toBe(mask.pixels.reduce((sum, value) => sum + value, 0));
    expect(rleBoundingBox(rle)).toEqual(bruteForceBox(mask));
  });

  // cocodataset/cocoapi's maintained fork, tests/test_cases.py (TestToBBox).
  // https://github.com/ppwwyyxx/cocoapi/blob/master/tests/test_cases.py
  it('toBbox of [[0, 1], [1, 1]] is the full image', () => {
    expect(rleBoundingBox(encodeCocoRle(drawMask(['01', '11'])))).toEqual([0, 0, 2, 2]);
  });

  it('toBbox of a 10x10 mask with mask[2:4, 3:6] = 1 is [3, 2, 3, 2]', () => {
    expect(rleBoundingBox(encodeCocoRle(sliceMask(10, 10, [2, 4], [3, 6])))).toEqual([3, 2, 3, 2]);
  });

  it('handles zero-length leading runs like pycocotools (testZeroLeadingRLE)', () => {
    const rle: CocoRle = {
      size: [1350, 1080],
      counts:
        '000lg0Zb01O00001O00001O001O00001O00001O001O00001O01O2N3M3M3M2N3M3N2M3M2N1O1O1O1O2N1O1O1O2N1O1O101N1O1O1O2N1O1O1O2N3M2N1O2N1O2O0O2N1O1O2N1O2N1O2N1O2N1O2N1O2O0O2N1O3M2N1O2N2N2N2N2N1O2N2N2N2N1O2N2N2N2N2N1N3N2N00O1O1O1O100000000000000O100000000000000001O0000001O00001O0O5L7I5K4L4L3M2N2N2N1O2m]OoXOm`0Sg0j^OVYOTa0lf0c^O]YO[a0ef0\\^OdYOba0bg0N2N2N2N2N2N2N2N2N2N2N2N2N2N2N2N2N3M2M4M2N3M2N3M2N3M2N3M2N3M2N3M2N3M2N3M2M4M2N2N3M2M4M2N2N3M2M3N3M2N3M2M3N3M2N2N3L3N2N3M2N3L3N2N3M5J4M3M4L3M3L5L3M3M4L3L4\\EXTOd6jo0K6J5K6I4M1O1O1O1N2O1O1O001N2O00001O0O101O000O2O00001N101N101N2N101N101N101N2O0O2O0O2O0O2O1N101N2N2O1N2O1N2O1N101N2O1N2O1N2O0O2O1N2N2O1N2O0O2O1N2O1N2N2N1N4M2N2M4M2N3L3N2N3L3N3L3N2N3L3N2N3L3M4L3M3M4L3M5K5K5K6J5K5K6J7I7I7Ibijn0',
    };
    expect(countsFromString(rle.counts).slice(0, 3)).toEqual([0, 0, 0]);
    const reencoded = encodeCocoRle(decodeCocoRle(rle));
    expect(reencoded.counts).not.toBe(rle.counts);
    expect(rleBoundingBox(reencoded)).toEqual(rleBoundingBox(rle));
    expect(rleArea(reencoded)).toBe(rleArea(rle));
  });
});

describe('COCO RLE: format details', () => {
  it('runs go column by column and start with zeros', () => {
    // Column-major: column 0 is (1, 0), column 1 is (1, 1) -> 0 zeros, 1 one, 1 zero, 2 ones.
    expect(maskToRuns(drawMask(['11', '01']))).toEqual([0, 1, 1, 2]);
    expect(maskToRuns(drawMask(['00', '00']))).toEqual([4]);
  });

  it('stores runs after the third as differences from two runs before, negative ones included', () => {
    // 100 = 4 + 32 * 3 -> 'T' (4 | more) then '3'; then 3 -> '3', 5 -> '5' (first three as is).
    expect(countsToString([100, 3, 5])).toBe('T335');
    // Fourth run 5 is stored as 5 - 3 = 2 -> '2'; fifth run 1 as 1 - 5 = -4 -> 28 (sign bit) -> 'L'.
    expect(countsToString([0, 3, 5, 5, 1])).toBe('0352L');
    expect(countsFromString('0352L')).toEqual([0, 3, 5, 5, 1]);
  });

  it('encodes an empty image as a single zero run', () => {
    expect(encodeCocoRle({ width: 0, height: 0, pixels: new Uint8Array(0) })).toEqual({ size: [0, 0], counts: '0' });
  });

  it('treats any non-zero byte as foreground', () => {
    expect(encodeCocoRle(drawMask(['11'])).counts).toBe(
      encodeCocoRle({ width: 2, height: 1, pixels: Uint8Array.from([255, 7]) }).counts,
    );
  });

  it('rejects malformed strings and runs that do not cover the image', () => {
    expect(() => countsFromString('0 1')).toThrow(/invalid character/);
    expect(() => countsFromString('0p')).toThrow(/invalid character/);
    expect(() => countsFromString('0h')).toThrow(/ends inside a number/);
    expect(() => decodeCocoRle({ size: [2, 2], counts: '3' })).toThrow(/cover 3 of 4/);
    expect(() => decodeCocoRle({ size: [2, 2], counts: '5' })).toThrow(/more than 2x2/);
    expect(() => countsFromString('00L')).toThrow(/negative run/);
  });

  it('has an empty box and no area when nothing is set', () => {
    const rle = encodeCocoRle(drawMask(['000', '000']));
    expect(rleArea(rle)).toBe(0);
    expect(rleBoundingBox(rle)).toEqual([0, 0, 0, 0]);
  });
});

describe('COCO RLE: properties', () => {
  it('decode(encode(mask)) is the mask', () => {
    fc.assert(
      fc.property(randomMask, (mask) => {
        const rle = encodeCocoRle(mask);
        expect(rle.size).toEqual([mask.height, mask.width]);
        const decoded = decodeCocoRle(rle);
        expect(decoded.width).toBe(mask.width);
        expect(decoded.height).toBe(mask.height);
        expect(decoded.pixels).toEqual(mask.pixels);
      }),
    );
  });

  it('area counts the set pixels and the box is the tightest around them', () => {
    fc.assert(
      fc.property(randomMask, (mask) => {
        const rle = encodeCocoRle(mask);
        expect(rleArea(rle)).toBe(mask.pixels.reduce((sum, value) => sum + value, 0));
        expect(rleBoundingBox(rle)).toEqual(bruteForceBox(mask));
      }),
    );
  });

  it('the string form round-trips any run lengths, large ones included', () => {
    const runs = fc.array(fc.oneof(fc.nat({ max: 40 }), fc.nat({ max: 2 ** 40 })), { maxLength: 40 });
    fc.assert(
      fc.property(runs, (lengths) => {
        expect(countsFromString(countsToString(lengths))).toEqual(lengths);
      }),
    );
  });
});
