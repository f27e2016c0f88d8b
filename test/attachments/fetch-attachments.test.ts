/**
 * Fetching through a real loopback media host (allow_private_networks: true): typing by bytes,
 * limits, timeouts, errors, the per-request de-duplication and the cross-request cache.
 */

import { describe, expect, it } from 'vitest';
import { resolveAttachment, resolveConversation } from '../../src/attachments/resolve-conversation.js';
import type { MediaPart, ResolvedPart } from '../../src/conversation/conversation.js';
import { readMedia } from '../support/conversations.js';
import { conversationWith, rejectionOf, resolveOptions, serveFixtures, urlAttachment, useMediaServer } from './helpers.js';

const server = useMediaServer();

function asMedia(part: ResolvedPart): MediaPart {
  if (part.type !== 'media') throw new Error(`expected a media part, got ${JSON.stringify(part)}`);
  return part;
}

describe('fetching and typing every media fixture', () => {
  it.each([
    ['image.png', 'image', 'image/png'],
    ['image.jpg', 'image', 'image/jpeg'],
    ['image.gif', 'image', 'image/gif'],
    ['image.webp', 'image', 'image/webp'],
    ['document.pdf', 'pdf', 'application/pdf'],
    ['audio.wav', 'audio', 'audio/wav'],
    ['audio.mp3', 'audio', 'audio/mpeg'],
    ['audio.ogg', 'audio', 'audio/ogg'],
    ['video.mp4', 'video', 'video/mp4'],
    ['video.webm', 'video', 'video/webm'],
    ['notes.txt', 'text', 'text/plain'],
  ])('%s becomes an inline %s part typed %s, bytes unchanged', async (file, kind, mimeType) => {
    const part = asMedia(await resolveAttachment(urlAttachment(`${server.url}/media/${file}`), resolveOptions()));
    expect({ kind: part.kind, mimeType: part.mimeType, source: part.source.type }).toEqual({ kind, mimeType, source: 'inline' });
    expect(part.source.type === 'inline' && part.source.data.bytes.equals(readMedia(file))).toBe(true);
  });

  it('sends png-named-as.jpg declared image/jpeg as image/png, with a warning', async () => {
    const options = resolveOptions();
    const part = asMedia(
      await resolveAttachment(
        urlAttachment(`${server.url}/media/png-named-as.jpg?type=image/jpeg`, { declaredMimeType: 'image/jpeg', filename: 'png-named-as.jpg' }),
        options,
      ),
    );
    expect(part.mimeType).toBe('image/png');
    expect(options.warnings).toEqual(['message "p1", part 1: declared image/jpeg but the bytes are image/png; sending image/png']);
  });

  it('turns a fetched HTML page into a text part named after its URL', async () => {
    const part = await resolveAttachment(urlAttachment(`${server.url}/media/page.html?type=text/html`), resolveOptions());
    expect(part).toEqual({
      type: 'text',
      text: `HTML document ${server.url}/media/page.html?type=…:\n\nReturn policy\n\nItems can be returned within 30 days of delivery.`,
    });
  });

  it('follows redirects to the file', async () => {
    server.handle((request, response) => {
      if (request.url === '/hop1') return void response.writeHead(302, { location: '/hop2' }).end();
      if (request.url === '/hop2') return void response.writeHead(307, { location: `${server.url}/media/image.gif` }).end();
      serveFixtures(request, response);
    });
    const part = asMedia(await resolveAttachment(urlAttachment(`${server.url}/hop1`), resolveOptions()));
    expect(part.mimeType).toBe('image/gif');
    expect(server.requests.map((request) => request.url)).toEqual(['/hop1', '/hop2', '/media/image.gif']);
  });
});

describe('fetch failures', () => {
  it('a 404 is a 422 attachment_fetch_failed naming the part and the status', async () => {
    const error = await rejectionOf(resolveAttachment(urlAttachment(`${server.url}/missing.png`, { messageId: 'p7', index: 3 }), resolveOptions()));
    expect(error).toMatchObject({ code: 'attachment_fetch_failed', status: 422 });
    expect(error.message).toBe(`message "p7", part 3: attachment ${server.url}/missing.png could not be fetched: the server answered HTTP 404`);
  });

  it('gives up after five redirects', async () => {
    server.handle((request, response) => {
      const hop = Number(request.url.slice(1));
      response.writeHead(302, { location: `/${hop + 1}` }).end();
    });
    const error = await rejectionOf(resolveAttachment(urlAttachment(`${server.url}/0`), resolveOptions()));
    expect(error).toMatchObject({ code: 'attachment_fetch_failed', message: expect.stringContaining('more than 5 redirects') });
    expect(server.requests).toHaveLength(6);
  });

  it('refuses a redirect to a scheme other than http(s)', async () => {
    server.handle((_request, response) => void response.writeHead(302, { location: 'file:///etc/passwd' }).end());
    const error = await rejectionOf(resolveAttachment(urlAttachment(`${server.url}/x`), resolveOptions()));
    expect(error).toMatchObject({ code: 'attachment_fetch_failed', message: expect.stringContaining('file: is not fetched') });
  });

  it('times out a server that never answers: 422 attachment_fetch_failed', async () => {
    server.handle(() => undefined);
    const error = await rejectionOf(resolveAttachment(urlAttachment(`${server.url}/stall`), resolveOptions({ policy: { timeoutMs: 150 } })));
    expect(error).toMatchObject({ code: 'attachment_fetch_failed', message: expect.stringContaining('no complete answer within 150 ms') });
  });

  it('times out a body that stalls half way, and closes the connection', async () => {
    server.handle((_request, response) => {
      response.writeHead(200, { 'content-length': '1000' });
      response.write(Buffer.alloc(10));
    });
    const error = await rejectionOf(resolveAttachment(urlAttachment(`${server.url}/half`), resolveOptions({ policy: { timeoutMs: 150 } })));
    expect(error).toMatchObject({ code: 'attachment_fetch_failed' });
    await server.requests[0]?.closedEarly;
  });

  it('stops when the client goes away', async () => {
    server.handle(() => undefined);
    const controller = new AbortController();
    const pending = resolveAttachment(urlAttachment(`${server.url}/stall`), resolveOptions({ signal: controller.signal }));
    while (server.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    controller.abort();
    const error = await rejectionOf(pending);
    expect(error).toMatchObject({ code: 'attachment_fetch_failed', message: expect.stringContaining('cancelled') });
    await server.requests[0]?.closedEarly;
  });
});

describe('size limit (attachments.max_bytes)', () => {
  const limit = { policy: { maxBytes: 1000 } };

  it('rejects early, without reading, when Content-Length already says too much', async () => {
    server.handle((_request, response) => {
      response.writeHead(200, { 'content-length': '1000000' });
      response.write(Buffer.alloc(64 * 1024));
    });
    const error = await rejectionOf(resolveAttachment(urlAttachment(`${server.url}/big`), resolveOptions(limit)));
    expect(error).toMatchObject({ code: 'payload_too_large', status: 413, message: expect.stringContaining('its Content-Length is 1000000 bytes') });
    await server.requests[0]?.closedEarly;
  });

  it('counts while streaming a chunked body with no length, and aborts the download', async () => {
    server.handle(async (_request, response) => {
      response.writeHead(200, { 'content-type': 'image/png' });
      while (!response.destroyed && !response.writableEnded) {
        if (!response.write(Buffer.alloc(256, 7))) await new Promise((resolve) => setTimeout(resolve, 1));
        await new Promise((resolve) => setImmediate(resolve));
      }
    });
    const error = await rejectionOf(resolveAttachment(urlAttachment(`${server.url}/endless`), resolveOptions(limit)));
    expect(error).toMatchObject({ code: 'payload_too_large', message: expect.stringContaining('more than 1000 bytes arrived') });
    await server.requests[0]?.closedEarly;
  });

  it('counts a body delimited only by closing the connection', async () => {
    server.handle((_request, response) => {
      response.socket?.end(`HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n${'x'.repeat(5000)}`);
    });
    const error = await rejectionOf(resolveAttachment(urlAttachment(`${server.url}/unframed`), resolveOptions(limit)));
    expect(error).toMatchObject({ code: 'payload_too_large' });
  });

  it('takes no more than the declared Content-Length when the server sends extra bytes', async () => {
    server.handle((_request, response) => {
      response.socket?.end(`HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n${'x'.repeat(5000)}`);
    });
    const part = asMedia(await resolveAttachment(urlAttachment(`${server.url}/liar`), resolveOptions(limit)));
    expect(part.source.type === 'inline' && part.source.data.byteLength).toBe(10);
  });

  it('applies to base64 attachments too', async () => {
    const error = await rejectionOf(
      resolveAttachment(urlAttachment(`data:image/png;base64,${readMedia('image.png').toString('base64')}`), resolveOptions(limit)),
    );
    expect(error).toMatchObject({ code: 'payload_too_large', message: expect.stringContaining('message "p1", part 1') });
  });
});

describe('fetching each URL once', () => {
  it('fetches the same URL once per request and shares one InlineData between its parts', async () => {
    const url = `${server.url}/media/image.png`;
    const fetched: number[] = [];
    const resolved = await resolveConversation(
      conversationWith(urlAttachment(url, { index: 1 }), urlAttachment(url, { index: 2 })),
      resolveOptions({ onFetched: (bytes) => fetched.push(bytes) }),
    );
    expect(server.requests).toHaveLength(1);
    expect(fetched).toEqual([readMedia('image.png').byteLength]);
    const [first, second] = (resolved.turns[0]?.parts ?? []).slice(1).map(asMedia);
    expect(first?.source.type === 'inline' && second?.source.type === 'inline' && first.source.data === second.source.data).toBe(true);
  });

  it('serves a second request from the shared cache, with the same Buffer', async () => {
    const url = `${server.url}/media/document.pdf`;
    const first = resolveOptions();
    const partOne = asMedia(await resolveAttachment(urlAttachment(url), first));
    const second = resolveOptions({ cache: first.cache, onFetched: () => expect.unreachable('no second fetch') });
    const partTwo = asMedia(await resolveAttachment(urlAttachment(url), second));
    expect(server.requests).toHaveLength(1);
    expect(partOne.source.type === 'inline' && partTwo.source.type === 'inline' && partOne.source.data.bytes === partTwo.source.data.bytes).toBe(
      true,
    );
  });

  it('does not cache failures, nor responses marked no-store', async () => {
    const options = resolveOptions();
    await rejectionOf(resolveAttachment(urlAttachment(`${server.url}/media/nothing.png`), options));
    await rejectionOf(resolveAttachment(urlAttachment(`${server.url}/media/nothing.png`), resolveOptions({ cache: options.cache })));
    const noStore = `${server.url}/media/image.png?no-store=1`;
    await resolveAttachment(urlAttachment(noStore), resolveOptions({ cache: options.cache }));
    await resolveAttachment(urlAttachment(noStore), resolveOptions({ cache: options.cache }));
    expect(server.requests).toHaveLength(4);
    expect(options.cache.entryCount).toBe(0);
  });

  it('runs at most maxConcurrentFetches fetches at once', async () => {
    let inFlight = 0;
    let peak = 0;
    server.handle(async (request, response) => {
      inFlight += 1;
      peak = Math.max(peak, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 20));
      inFlight -= 1;
      serveFixtures({ ...request, url: '/media/image.png' }, response);
    });
    const parts = Array.from({ length: 6 }, (_, index) => urlAttachment(`${server.url}/file-${index}`, { index: index + 1 }));
    const resolved = await resolveConversation(conversationWith(...parts), resolveOptions({ policy: { maxConcurrentFetches: 2 } }));
    expect(resolved.turns[0]?.parts).toHaveLength(7);
    expect(server.requests).toHaveLength(6);
    expect(peak).toBe(2);
  });

  it('stops the other fetches of the request when one fails', async () => {
    server.handle((request, response) => {
      if (request.url === '/slow') return;
      response.writeHead(404).end();
    });
    const pending = resolveConversation(
      conversationWith(urlAttachment(`${server.url}/slow`, { index: 1 }), urlAttachment(`${server.url}/gone`, { index: 2 })),
      resolveOptions(),
    );
    const error = await rejectionOf(pending);
    expect(error.message).toContain('part 2');
    const slow = server.requests.find((request) => request.url === '/slow');
    await slow?.closedEarly;
  });
});
