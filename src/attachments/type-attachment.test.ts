import { describe, expect, it } from 'vitest';
import { readMedia } from '../../test/support/conversations.js';
import { GatewayError } from '../errors.js';
import { typeAttachment, type TypeHints } from './type-attachment.js';

const noHints: TypeHints = {
  declaredKind: undefined,
  declaredMimeType: undefined,
  contentType: undefined,
  filename: undefined,
  urlPath: undefined,
};
const where = { messageId: 'p1', index: 1 };

describe('typeAttachment', () => {
  it.each([
    ['image.png', 'image', 'image/png'],
    ['image.jpg', 'image', 'image/jpeg'],
    ['image.gif', 'image', 'image/gif'],
    ['image.webp', 'image', 'image/webp'],
    ['png-named-as.jpg', 'image', 'image/png'],
    ['document.pdf', 'pdf', 'application/pdf'],
    ['audio.wav', 'audio', 'audio/wav'],
    ['audio.mp3', 'audio', 'audio/mpeg'],
    ['audio.ogg', 'audio', 'audio/ogg'],
    ['video.mp4', 'video', 'video/mp4'],
    ['video.webm', 'video', 'video/webm'],
    ['notes.txt', 'text', 'text/plain'],
    ['page.html', 'html', 'text/html'],
  ])('types %s by its bytes as %s %s, with no hints at all', async (file, kind, mimeType) => {
    const typed = await typeAttachment(readMedia(file), noHints, where);
    expect({ kind: typed.kind, mimeType: typed.mimeType, warning: typed.warning }).toEqual({ kind, mimeType, warning: undefined });
  });

  it('lets the bytes win over a declared type, a Content-Type and an extension, and warns', async () => {
    const typed = await typeAttachment(
      readMedia('png-named-as.jpg'),
      { ...noHints, declaredMimeType: 'image/jpeg', contentType: 'image/jpeg', filename: 'png-named-as.jpg', urlPath: '/x.jpg' },
      where,
    );
    expect(typed.mimeType).toBe('image/png');
    expect(typed.warning).toBe('message "p1", part 1: declared image/jpeg but the bytes are image/png; sending image/png');
  });

  it('does not warn when the declared type is only an alias of the sniffed one', async () => {
    const typed = await typeAttachment(readMedia('audio.wav'), { ...noHints, declaredMimeType: 'audio/x-wav' }, where);
    expect(typed.warning).toBeUndefined();
    const mp3 = await typeAttachment(readMedia('audio.mp3'), { ...noHints, declaredMimeType: 'audio/mp3' }, where);
    expect(mp3.warning).toBeUndefined();
  });

  it('warns when only the declared kind disagrees', async () => {
    const typed = await typeAttachment(readMedia('audio.wav'), { ...noHints, declaredKind: 'image' }, where);
    expect(typed.warning).toBe('message "p1", part 1: declared image but the bytes are audio/wav; sending audio/wav');
  });

  it.each([
    [{ declaredMimeType: 'text/csv' }, 'text/csv'],
    [{ declaredMimeType: 'text/markdown; charset=utf-8' }, 'text/markdown'],
    [{ contentType: 'application/json' }, 'application/json'],
    [{ filename: 'table.csv' }, 'text/csv'],
    [{ urlPath: '/docs/readme.md' }, 'text/markdown'],
    [{ declaredKind: 'html' as const }, 'text/html'],
    [{ contentType: 'application/octet-stream' }, 'text/plain'],
  ])('picks the text type among hints %j', async (hints, mimeType) => {
    const typed = await typeAttachment(Buffer.from('a,b\n1,2\n'), { ...noHints, ...hints }, where);
    expect(typed.mimeType).toBe(mimeType);
  });

  it('recognises an HTML page by its start when nothing is declared', async () => {
    const typed = await typeAttachment(Buffer.from('\n  <!DOCTYPE html><p>Hi</p>'), noHints, where);
    expect(typed.kind).toBe('html');
  });

  it('re-encodes text in the charset the server named, and UTF-16 with a byte-order mark, as UTF-8', async () => {
    const latin1 = await typeAttachment(Buffer.from([0x63, 0x61, 0x66, 0xe9]), { ...noHints, contentType: 'text/plain; charset=ISO-8859-1' }, where);
    expect(latin1.bytes?.toString('utf8')).toBe('café');
    const utf16 = await typeAttachment(Buffer.from('\ufeffhello', 'utf16le'), noHints, where);
    expect(utf16.bytes?.toString('utf8')).toBe('hello');
  });

  it('refuses unknown binary with a 400 naming the part', async () => {
    const error = await typeAttachment(Buffer.from([0x00, 0x9f, 0x92, 0x96, 0x00, 0x01]), { ...noHints, declaredMimeType: 'image/png' }, where).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(GatewayError);
    expect(error).toMatchObject({ code: 'unsupported_content', status: 400 });
    expect((error as GatewayError).message).toBe(
      'message "p1", part 1: the bytes are not a known media type (unknown binary; declared image/png)',
    );
  });

  it('refuses a recognised type the gateway cannot send, naming the sniffed type', async () => {
    const zip = Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(60)]);
    await expect(typeAttachment(zip, noHints, where)).rejects.toMatchObject({
      code: 'unsupported_content',
      message: expect.stringContaining('the bytes are application/zip'),
    });
  });

  it('refuses an empty attachment', async () => {
    await expect(typeAttachment(Buffer.alloc(0), noHints, where)).rejects.toMatchObject({ code: 'unsupported_content' });
  });
});
