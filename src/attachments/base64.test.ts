import { describe, expect, it } from 'vitest';
import { decodeBase64Strict, parseDataUrl } from './base64.js';

describe('decodeBase64Strict', () => {
  it.each([
    ['aGVsbG8=', 'hello'],
    ['aGVsbG8', 'hello'],
    ['aGk=', 'hi'],
    ['aGk', 'hi'],
    ['aGVs\r\nbG8=', 'hello'],
    ['AAEC', '\u0000\u0001\u0002'],
  ])('accepts %j', (input, expected) => {
    const data = decodeBase64Strict(input);
    expect(data?.bytes.toString('latin1')).toBe(expected);
  });

  it('keeps valid padded base64 as given, without decoding it', () => {
    const data = decodeBase64Strict('aGVsbG8=');
    expect(data?.base64()).toBe('aGVsbG8=');
    expect(data?.byteLength).toBe(5);
  });

  it.each([
    ['', 'empty'],
    ['aGVsbG8*', 'a character outside the alphabet'],
    ['aGVs bG8=!', 'trailing junk'],
    ['aGVsbG8-', 'URL-safe alphabet'],
    ['a', 'a lone final character'],
    ['aGVsbG8===', 'too much padding'],
    ['aG=VsbG8', 'padding in the middle'],
    ['aGk==', 'padding that does not fit the length'],
    ['data:image/png;base64,aGk=', 'a data URL'],
  ])('refuses %j (%s)', (input) => {
    expect(decodeBase64Strict(input)).toBeUndefined();
  });
});

describe('parseDataUrl', () => {
  it('reads a base64 data URL with its MIME type', () => {
    const parsed = parseDataUrl('data:image/PNG;base64,aGVsbG8=');
    expect(parsed?.mimeType).toBe('image/png');
    expect(parsed?.data.bytes.toString()).toBe('hello');
  });

  it('reads parameters before ;base64 and folds MIME aliases', () => {
    const parsed = parseDataUrl('data:audio/x-wav;name=a.wav;base64,aGk=');
    expect(parsed?.mimeType).toBe('audio/wav');
  });

  it('percent-decodes a data URL without ;base64 into bytes', () => {
    const parsed = parseDataUrl('data:text/plain;charset=utf-8,caf%C3%A9%20ok');
    expect(parsed?.mimeType).toBe('text/plain');
    expect(parsed?.data.bytes.toString('utf8')).toBe('café ok');
  });

  it('has no MIME type when the URL names none', () => {
    expect(parseDataUrl('data:;base64,aGk=')?.mimeType).toBeUndefined();
  });

  it.each(['data:image/png;base64,not*base64', 'data:image/png;base64', 'data:text/plain,%zz', 'https://x/y', 'data:,'])(
    'refuses %j',
    (url) => {
      expect(parseDataUrl(url)).toBeUndefined();
    },
  );
});

describe('a data: URL handed back for OpenAI', () => {
  const base64 = Buffer.from('hello, image!').toString('base64'); // ends in '=='

  it('is the caller\'s own URL when type and base64 are unchanged, and a rebuilt one otherwise', () => {
    const url = `data:image/png;base64,${base64}`;
    const parsed = parseDataUrl(url);
    expect(parsed?.data.dataUrl('image/png')).toBe(url);
    // The bytes were sniffed as another type: the URL must say so.
    expect(parsed?.data.dataUrl('image/jpeg')).toBe(`data:image/jpeg;base64,${base64}`);
    // Parameters, line breaks and missing padding never leak into what is sent.
    const unpadded = base64.replace(/=+$/, '');
    for (const variant of [`data:image/png;name=a.png;base64,${base64}`, `data:image/png;base64,${base64.slice(0, 4)}\n${base64.slice(4)}`, `data:image/png;base64,${unpadded}`]) {
      expect(parseDataUrl(variant)?.data.dataUrl('image/png')).toBe(url);
    }
  });
});

