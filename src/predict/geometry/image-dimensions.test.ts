import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../errors.js';
import { readImageDimensions } from './image-dimensions.js';
import { thrownBy } from '../../../test/support/thrown.js';

function fixture(name: string): Buffer {
  return readFileSync(new URL(`../../../fixtures/media/${name}`, import.meta.url));
}

/**
 * fixtures/media/image.jpg with an EXIF APP1 segment spliced in right after the SOI marker,
 * holding one IFD0 entry: Orientation (tag 0x0112, SHORT, count 1) = `orientation`.
 */
function jpegWithOrientation(orientation: number): Buffer {
  const jpeg = fixture('image.jpg');
  const tiff = Buffer.from([
    0x4d, 0x4d, 0x00, 0x2a, // "MM": big-endian TIFF, magic 42
    0x00, 0x00, 0x00, 0x08, // IFD0 right after this header
    0x00, 0x01, // one entry
    0x01, 0x12, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01, 0x00, orientation, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, // no next IFD
  ]);
  const payload = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff]);
  const segment = Buffer.alloc(4);
  segment.writeUInt16BE(0xffe1, 0);
  segment.writeUInt16BE(payload.length + 2, 2); // the length counts itself
  return Buffer.concat([jpeg.subarray(0, 2), segment, payload, jpeg.subarray(2)]);
}

const caught = thrownBy;

describe('readImageDimensions', () => {
  it.each(['image.png', 'image.jpg', 'image.gif', 'image.webp', 'png-named-as.jpg'])('reads %s as 320x240', (name) => {
    expect(readImageDimensions(fixture(name))).toEqual({ width: 320, height: 240 });
  });

  it('reads plain Uint8Array bytes, not only Buffers', () => {
    expect(readImageDimensions(new Uint8Array(fixture('image.png')))).toEqual({ width: 320, height: 240 });
  });

  it.each([5, 6, 7, 8])('swaps width and height for EXIF orientation %i (a quarter turn)', (orientation) => {
    expect(readImageDimensions(jpegWithOrientation(orientation))).toEqual({ width: 240, height: 320 });
  });

  it.each([1, 2, 3, 4])('keeps the stored size for EXIF orientation %i', (orientation) => {
    expect(readImageDimensions(jpegWithOrientation(orientation))).toEqual({ width: 320, height: 240 });
  });

  it.each([
    ['a text file', fixture('notes.txt')],
    ['a PDF', fixture('document.pdf')],
    ['a WAV file', fixture('audio.wav')],
    ['nothing', Buffer.alloc(0)],
    ['a truncated PNG', fixture('image.png').subarray(0, 12)],
  ])('answers 400 unsupported_content for %s', (_what, bytes) => {
    const error = caught(() => readImageDimensions(bytes));
    expect(error).toBeInstanceOf(GatewayError);
    expect(error).toMatchObject({
      code: 'unsupported_content',
      status: 400,
      message: expect.stringMatching(/not a readable image|no usable size/),
    });
  });
});
