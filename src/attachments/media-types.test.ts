import { describe, expect, it } from 'vitest';
import { charsetOf, kindOfMimeType, mimeTypeFromExtension, normaliseMimeType } from './media-types.js';

describe('normaliseMimeType', () => {
  it.each([
    ['image/JPG', 'image/jpeg'],
    ['audio/x-wav', 'audio/wav'],
    ['audio/wave', 'audio/wav'],
    ['audio/mp3', 'audio/mpeg'],
    ['audio/mpeg', 'audio/mpeg'],
    ['text/html; charset=UTF-8', 'text/html'],
    [' application/PDF ', 'application/pdf'],
    ['text/x-markdown', 'text/markdown'],
  ])('%j -> %s', (input, expected) => {
    expect(normaliseMimeType(input)).toBe(expected);
  });

  it.each([undefined, '', 'jpeg', 'image/', '/png', 'image png'])('%j is not a MIME type', (input) => {
    expect(normaliseMimeType(input)).toBeUndefined();
  });
});

describe('kindOfMimeType', () => {
  it.each([
    ['image/webp', 'image'],
    ['video/quicktime', 'video'],
    ['audio/ogg', 'audio'],
    ['application/pdf', 'pdf'],
    ['text/plain', 'text'],
    ['text/csv', 'text'],
    ['application/json', 'text'],
    ['text/html', 'html'],
    ['application/zip', undefined],
    ['text/javascript', undefined],
  ])('%s is %s', (mimeType, kind) => {
    expect(kindOfMimeType(mimeType)).toBe(kind);
  });
});

describe('mimeTypeFromExtension', () => {
  it('reads the extension of the last path segment, case-insensitively', () => {
    expect(mimeTypeFromExtension('/a.b/c/Report.PDF')).toBe('application/pdf');
    expect(mimeTypeFromExtension('clip.webm')).toBe('video/webm');
    expect(mimeTypeFromExtension('/a.b/noextension')).toBeUndefined();
    expect(mimeTypeFromExtension(undefined)).toBeUndefined();
  });
});

describe('charsetOf', () => {
  it('reads the charset parameter', () => {
    expect(charsetOf('text/plain; charset="ISO-8859-1"')).toBe('iso-8859-1');
    expect(charsetOf('text/plain')).toBeUndefined();
  });
});
