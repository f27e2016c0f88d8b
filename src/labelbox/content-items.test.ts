import { describe, expect, it } from 'vitest';
import { GatewayError } from '../errors.js';
import { parseContentItem } from './content-items.js';
import { parseDataRowAttachments } from './data-row-attachments.js';

const at = { messageId: 'p1', index: 2 };

describe('parseContentItem', () => {
  it.each([
    [{ type: 'text', content: 'hi' }, { type: 'text', text: 'hi' }],
    [
      { type: 'fileData', fileUri: 'https://x.test/a.pdf', mimeType: 'application/pdf' },
      { declaredKind: undefined, declaredMimeType: 'application/pdf', reference: { type: 'url', url: 'https://x.test/a.pdf' } },
    ],
    [
      { type: 'image', data: 'iVBORw0KGgo=' },
      { declaredKind: 'image', declaredMimeType: undefined, reference: { type: 'base64', data: 'iVBORw0KGgo=' } },
    ],
    [
      { type: 'image', url: 'data:image/png;base64,iVBORw0KGgo=' },
      { declaredKind: 'image', declaredMimeType: 'image/png', reference: { type: 'base64', data: 'data:image/png;base64,iVBORw0KGgo=' } },
    ],
    [
      { type: 'video', uri: 'gs://bucket/clip.mp4' },
      { declaredKind: 'video', reference: { type: 'url', url: 'gs://bucket/clip.mp4' } },
    ],
    [{ type: 'audio', url: 'https://x.test/a.wav' }, { declaredKind: 'audio' }],
    [{ type: 'pdf', url: 'https://x.test/a.pdf' }, { declaredKind: 'pdf' }],
    [{ type: 'document', url: 'https://x.test/a.txt' }, { declaredKind: undefined }],
    [{ type: 'file', url: 'https://x.test/a.bin', filename: 'a.bin' }, { declaredKind: undefined, filename: 'a.bin' }],
    [{ type: 'IMAGE_OVERLAY', url: 'https://x.test/o.png' }, { declaredKind: 'image' }],
    [
      { type: 'html', content: '<p>Hi</p>' },
      { declaredKind: 'html', declaredMimeType: 'text/html', reference: { type: 'inline-text', text: '<p>Hi</p>' } },
    ],
    [{ type: 'html', url: 'https://x.test/page.html' }, { declaredKind: 'html', reference: { type: 'url', url: 'https://x.test/page.html' } }],
    [
      { type: 'text', content: 'x', extra: 1 },
      { type: 'text', text: 'x' },
    ],
  ])('reads %j', (item, expected) => {
    expect(parseContentItem(item, at)).toMatchObject({ ...expected });
  });

  it('decodes a percent-encoded data: URL into base64', () => {
    const part = parseContentItem({ type: 'document', url: 'data:text/plain,hello%20world' }, at);
    expect(part).toMatchObject({ declaredMimeType: 'text/plain', reference: { type: 'base64', data: Buffer.from('hello world').toString('base64') } });
  });

  it.each([
    [{ type: 'sticker', url: 'https://x.test/s.png' }, /content type "sticker" is not supported/],
    [{ type: 'image' }, /needs one of "url"/],
    [{ content: 'no type' }, /string "type"/],
    ['just a string', /must be an object/],
    [{ type: 'text', content: 4 }, /string "content"/],
  ])('rejects %j with 400 unsupported_content naming the message and index', (item, message) => {
    let error: unknown;
    try {
      parseContentItem(item, at);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(GatewayError);
    expect((error as GatewayError).code).toBe('unsupported_content');
    expect((error as GatewayError).status).toBe(400);
    expect((error as GatewayError).message).toMatch(/message "p1", part 2/);
    expect((error as GatewayError).message).toMatch(message);
  });
});

describe('parseDataRowAttachments', () => {
  it('maps every Labelbox attachment type', () => {
    const parts = parseDataRowAttachments([
      { type: 'IMAGE', value: 'https://x.test/a.png' },
      { type: 'IMAGE_OVERLAY', value: 'https://x.test/o.png' },
      { type: 'VIDEO', value: 'https://x.test/v.mp4' },
      { type: 'AUDIO', value: 'https://x.test/a.mp3' },
      { type: 'PDF_URL', value: 'https://x.test/d.pdf' },
      { type: 'TEXT_URL', value: 'https://x.test/t.txt' },
      { type: 'HTML', value: 'https://x.test/p.html' },
      { type: 'RAW_TEXT', value: 'Return within 30 days.', name: 'policy' },
      { type: 'HTML', value: '<b>inline</b>' },
    ]);
    expect(parts.map((part) => (part.type === 'text' ? 'text' : part.declaredKind))).toEqual([
      'image',
      'image',
      'video',
      'audio',
      'pdf',
      'text',
      'html',
      'text',
      'html',
    ]);
    expect(parts[7]).toEqual({ type: 'text', text: 'policy:\nReturn within 30 days.' });
    expect(parts[0]).toMatchObject({ location: { messageId: 'data_row.attachments', index: 0 } });
  });

  it('rejects an unknown attachment type by index', () => {
    expect(() => parseDataRowAttachments([{ type: 'IMAGE', value: 'https://x.test/a.png' }, { type: 'CAMERA_IMAGE', value: 'x' }])).toThrow(
      /data_row.attachments\[1\]: attachment type "CAMERA_IMAGE"/,
    );
  });
});
