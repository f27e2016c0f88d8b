import { describe, expect, it } from 'vitest';
import { InlineData } from './inline-data.js';

describe('InlineData', () => {
  const bytes = Buffer.from(Array.from({ length: 1000 }, (_, index) => index % 251));

  it.each([1, 2, 3, 4, 5, 299, 300, 999, 1000, 5000])('head(%i) of base64 data is the same prefix as of the bytes', (count) => {
    const fromBase64 = InlineData.fromBase64(bytes.toString('base64'));
    expect(fromBase64.head(count)).toEqual(bytes.subarray(0, count));
    expect(InlineData.fromBytes(bytes).head(count)).toEqual(bytes.subarray(0, count));
  });

  it('keeps base64 that arrived as base64, and encodes bytes once', () => {
    const base64 = bytes.toString('base64');
    const data = InlineData.fromBase64(base64);
    expect(data.base64()).toBe(base64);
    expect(data.byteLength).toBe(1000);
    expect(data.dataUrl('image/png')).toBe(`data:image/png;base64,${base64}`);
    const fromBytes = InlineData.fromBytes(bytes);
    expect(fromBytes.base64()).toBe(fromBytes.base64());
    expect(fromBytes.bytes).toBe(bytes);
  });
});
