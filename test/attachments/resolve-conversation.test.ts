/**
 * resolveConversation without the network: base64 and data: URLs, inline text and HTML, the
 * references that are never fetched (gs://, YouTube), refused schemes, and `mode: forward`.
 */

import { describe, expect, it } from 'vitest';
import { resolveAttachment, resolveConversation, type HostLookup } from '../../src/attachments/resolve-conversation.js';
import type { ProviderCapabilities } from '../../src/providers/provider.js';
import { readMedia, tinyPngBase64 } from '../support/conversations.js';
import { attachment, conversationWith, rejectionOf, resolveOptions, urlAttachment, useMediaServer } from './helpers.js';

/** Any DNS question fails the test: these references must not be fetched. */
const noNetwork: HostLookup = async (hostname) => {
  throw new Error(`unexpected lookup of ${hostname}`);
};

describe('inline references', () => {
  it('keeps text parts, system and params, and types a base64 image without re-encoding it', async () => {
    const resolved = await resolveConversation(conversationWith(attachment({ type: 'base64', data: tinyPngBase64 })), resolveOptions());
    expect(resolved.system).toBe('Be brief.');
    expect(resolved.params).toEqual({ maxTokens: 50 });
    const [text, image] = resolved.turns[0]?.parts ?? [];
    expect(text).toEqual({ type: 'text', text: 'Describe these.' });
    expect(image).toMatchObject({ type: 'media', kind: 'image', mimeType: 'image/png', location: { messageId: 'p1', index: 1 } });
    expect(image?.type === 'media' && image.source.type === 'inline' && image.source.data.base64()).toBe(tinyPngBase64);
  });

  it('hands a text-only conversation back whole, without waiting on any fetch machinery', async () => {
    const conversation = conversationWith({ type: 'text', text: 'And this.' });
    const resolved = await resolveConversation(conversation, resolveOptions());
    expect(resolved).toEqual(conversation);
    expect(resolved.turns[0]?.parts).not.toBe(conversation.turns[0]?.parts);
  });

  it('refuses invalid base64 with a 400 invalid_request naming the part', async () => {
    const error = await rejectionOf(
      resolveConversation(conversationWith(attachment({ type: 'base64', data: 'iVBORw0KGgo*AAA' }, { messageId: 'p3', index: 2 })), resolveOptions()),
    );
    expect(error).toMatchObject({ code: 'invalid_request', status: 400 });
    expect(error.message).toBe(`message "p3", part 2: the attachment's base64 data is not valid base64`);
    expect(error).toMatchObject({ details: [{ path: 'messages.p3.content.2', messageId: 'p3', index: 2 }] });
  });

  it.each([
    ['a url reference', (url: string) => urlAttachment(url)],
    ['a base64 reference', (url: string) => attachment({ type: 'base64', data: url })],
  ])('reads a data: URL given as %s', async (_name, build) => {
    const dataUrl = `data:audio/wav;base64,${readMedia('audio.wav').toString('base64')}`;
    const part = await resolveAttachment(build(dataUrl), resolveOptions());
    expect(part).toMatchObject({ type: 'media', kind: 'audio', mimeType: 'audio/wav', source: { type: 'inline' } });
  });

  it('treats the data: URL type as declared, so a wrong one gives a warning', async () => {
    const options = resolveOptions();
    const part = await resolveAttachment(urlAttachment(`data:image/jpeg;base64,${tinyPngBase64}`), options);
    expect(part).toMatchObject({ mimeType: 'image/png' });
    expect(options.warnings).toEqual(['message "p1", part 1: declared image/jpeg but the bytes are image/png; sending image/png']);
  });

  it('refuses a malformed data: URL with a 400', async () => {
    const error = await rejectionOf(resolveAttachment(urlAttachment('data:image/png;base64,@@@'), resolveOptions()));
    expect(error).toMatchObject({ code: 'invalid_request', message: expect.stringContaining('message "p1", part 1') });
  });

  it('turns inline text into a text part, and inline HTML into readable text', async () => {
    const raw = await resolveAttachment(attachment({ type: 'inline-text', text: 'Raw <b>notes</b>' }), resolveOptions());
    expect(raw).toEqual({ type: 'text', text: 'Raw <b>notes</b>' });
    const html = await resolveAttachment(
      attachment({ type: 'inline-text', text: '<h1>Title</h1><p>Body</p>' }, { declaredKind: 'html', filename: 'doc.html' }),
      resolveOptions(),
    );
    expect(html).toEqual({ type: 'text', text: 'HTML document doc.html:\n\nTitle\n\nBody' });
  });

  it('turns a base64 HTML file into text', async () => {
    const part = await resolveAttachment(
      attachment({ type: 'base64', data: readMedia('page.html').toString('base64') }, { declaredKind: 'html' }),
      resolveOptions(),
    );
    expect(part).toMatchObject({ type: 'text', text: expect.stringContaining('HTML document inline HTML:\n\nReturn policy') });
  });

  it('lists warnings in part order, whichever part finished first', async () => {
    const options = resolveOptions();
    await resolveConversation(
      conversationWith(
        attachment({ type: 'base64', data: tinyPngBase64 }, { declaredMimeType: 'image/gif', index: 1 }),
        attachment({ type: 'base64', data: readMedia('audio.mp3').toString('base64') }, { declaredKind: 'video', index: 2 }),
      ),
      options,
    );
    expect(options.warnings).toEqual([
      'message "p1", part 1: declared image/gif but the bytes are image/png; sending image/png',
      'message "p1", part 2: declared video but the bytes are audio/mpeg; sending audio/mpeg',
    ]);
  });
});

describe('references that are never fetched', () => {
  const options = () => resolveOptions({ network: { lookup: noNetwork } });

  it.each([
    ['https://www.youtube.com/watch?v=9hE5-98ZeCg'],
    ['https://youtu.be/9hE5-98ZeCg'],
    ['https://www.youtube.com/shorts/abc123'],
  ])('passes the YouTube link %s as a video URL', async (url) => {
    const part = await resolveAttachment(urlAttachment(url), options());
    expect(part).toMatchObject({ type: 'media', kind: 'video', mimeType: 'video/mp4', source: { type: 'url', url } });
  });

  it.each([
    [{ declaredMimeType: 'video/webm' }, 'gs://bucket/clip', 'video', 'video/webm'],
    [{}, 'gs://bucket/folder/report.pdf', 'pdf', 'application/pdf'],
    [{ filename: 'song.mp3' }, 'gs://bucket/blob', 'audio', 'audio/mpeg'],
  ])('passes a gs:// URI (%j) as a %s URL part', async (declared, url, kind, mimeType) => {
    const part = await resolveAttachment(urlAttachment(url, declared), options());
    expect(part).toMatchObject({ type: 'media', kind, mimeType, source: { type: 'url', url } });
  });

  it('refuses a gs:// URI whose type cannot be told, with a 400', async () => {
    const error = await rejectionOf(resolveAttachment(urlAttachment('gs://bucket/blob'), options()));
    expect(error).toMatchObject({ code: 'unsupported_content', message: expect.stringContaining('give its mimeType') });
  });

  it.each(['file:///etc/passwd', 'ftp://example.com/a.png', 'javascript:alert(1)'])(
    'refuses %s with a 400 unsupported_content naming the part',
    async (url) => {
      const error = await rejectionOf(resolveAttachment(urlAttachment(url, { messageId: 'p9', index: 5 }), options()));
      expect(error).toMatchObject({ code: 'unsupported_content', status: 400 });
      expect(error.message).toMatch(/^message "p9", part 5: attachment URLs with \w+: are not supported/);
    },
  );
});

describe('mode: forward', () => {
  const server = useMediaServer();

  const imagesByUrl: ProviderCapabilities = {
    image: { mimeTypes: ['image/png', 'image/jpeg'], inline: true, url: true },
    pdf: { mimeTypes: ['application/pdf'], inline: true, url: false },
  };

  function forwarding(capabilities: ProviderCapabilities, lookup: HostLookup = noNetwork) {
    return resolveOptions({ policy: { mode: 'forward' }, capabilities, network: { lookup } });
  }

  /** Records that a fetch was attempted, then fails it (there is no https server in these tests). */
  function fetchRecorder(): HostLookup & { calls: string[] } {
    const calls: string[] = [];
    const lookup: HostLookup = async (hostname) => {
      calls.push(hostname);
      throw Object.assign(new Error('offline'), { code: 'ENOTFOUND' });
    };
    return Object.assign(lookup, { calls });
  }

  it('passes an https URL through unfetched when the vendor fetches that kind and type', async () => {
    const part = await resolveAttachment(urlAttachment('https://cdn.example.com/cat.jpg', { declaredKind: 'image' }), forwarding(imagesByUrl));
    expect(part).toEqual({
      type: 'media',
      kind: 'image',
      mimeType: 'image/jpeg',
      source: { type: 'url', url: 'https://cdn.example.com/cat.jpg' },
      filename: undefined,
      location: { messageId: 'p1', index: 1 },
    });
  });

  it.each([
    ['the vendor does not fetch that kind', 'https://cdn.example.com/report.pdf', {}],
    ['the vendor does not take that MIME type', 'https://cdn.example.com/cat.webp', {}],
    ['the type cannot be told without the bytes', 'https://cdn.example.com/image?id=3', { declaredKind: 'image' as const }],
    ['the declared kind and the type disagree', 'https://cdn.example.com/cat.jpg', { declaredKind: 'video' as const }],
    ['it is HTML, which must become text', 'https://cdn.example.com/page.html', {}],
  ])('fetches instead when %s', async (_name, url, declared) => {
    const lookup = fetchRecorder();
    const error = await rejectionOf(resolveAttachment(urlAttachment(url, declared), forwarding(imagesByUrl, lookup)));
    expect(error).toMatchObject({ code: 'attachment_fetch_failed', message: expect.stringContaining('could not be resolved') });
    expect(lookup.calls).toEqual(['cdn.example.com']);
  });

  it('fetches and inlines an http (not https) URL even when the vendor fetches URLs', async () => {
    const part = await resolveAttachment(urlAttachment(`${server.url}/media/image.png`), forwarding(imagesByUrl, async () => [{ address: '127.0.0.1', family: 4 }]));
    expect(part).toMatchObject({ type: 'media', mimeType: 'image/png', source: { type: 'inline' } });
    expect(server.requests).toHaveLength(1);
  });

  it('fetches in inline mode even when the vendor could fetch the URL', async () => {
    const lookup = fetchRecorder();
    const options = resolveOptions({ capabilities: imagesByUrl, network: { lookup } });
    await rejectionOf(resolveAttachment(urlAttachment('https://cdn.example.com/cat.jpg'), options));
    expect(lookup.calls).toEqual(['cdn.example.com']);
  });
});
