import { afterEach, describe, expect, it } from 'vitest';
import { startLoopbackServer, type LoopbackServer } from '../../../test/support/loopback-server.js';
import { Readable } from 'node:stream';
import { stringPieceLength, undiciFetch, utf8Pieces } from './undici-fetch.js';
import { bodyChunks } from './undici-response.js';

let server: LoopbackServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('undiciFetch', () => {
  it('sends method, headers and body, and returns status, repeated headers and the body', async () => {
    server = await startLoopbackServer((_request, response) => {
      response.setHeader('set-cookie', ['a=1', 'b=2']);
      response.writeHead(201, { 'content-type': 'application/json', 'x-request-id': 'req-1' });
      response.end('{"ok":true}');
    });
    const response = await undiciFetch(`${server.url}/v1/things`, {
      method: 'POST',
      headers: new Headers({ authorization: 'Bearer k', 'content-type': 'application/json' }),
      body: '{"q":1}',
    });
    expect(response.status).toBe(201);
    expect(response.headers.get('x-request-id')).toBe('req-1');
    expect(response.headers.getSetCookie()).toEqual(['a=1', 'b=2']);
    expect(await response.json()).toEqual({ ok: true });
    expect(server.requests[0]).toMatchObject({ method: 'POST', url: '/v1/things', body: '{"q":1}' });
    expect(server.requests[0]?.headers.authorization).toBe('Bearer k');
  });

  it('answers a 204 with no body, and aborts with the signal', async () => {
    server = await startLoopbackServer((request, response) => {
      if (request.url === '/empty') {
        response.writeHead(204);
        response.end();
      }
    });
    const empty = await undiciFetch(`${server.url}/empty`);
    expect(empty.status).toBe(204);
    expect(await empty.text()).toBe('');
    const controller = new AbortController();
    const pending = undiciFetch(`${server.url}/hang`, { signal: controller.signal });
    await expect.poll(() => server?.requests.length).toBe(2);
    controller.abort();
    await expect(pending).rejects.toThrow();
    await server.requests[1]?.closedEarly;
  });

  it('hands the gateway undici\'s Node stream, and readers that ask for body a web stream', async () => {
    server = await startLoopbackServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.write('data: one\n\n');
      response.end('data: two\n\n');
    });
    const relayed = await undiciFetch(`${server.url}/stream`, { method: 'POST', body: '{}' });
    const chunks = bodyChunks(relayed);
    expect(chunks).toBeInstanceOf(Readable);
    expect(relayed.bodyUsed).toBe(false);
    let text = '';
    for await (const chunk of chunks ?? []) text += Buffer.from(chunk).toString('utf8');
    expect(text).toBe('data: one\n\ndata: two\n\n');
    expect(relayed.bodyUsed).toBe(true);

    const read = await undiciFetch(`${server.url}/stream`, { method: 'POST', body: '{}' });
    expect(read.body).toBeInstanceOf(ReadableStream);
    expect(await new Response(read.body).text()).toBe('data: one\n\ndata: two\n\n');
    expect(read.url).toBe(`${server.url}/stream`);
    expect(read.ok).toBe(true);
  });

  it('leaves the body to the gateway when an SDK only looks at `body` (the Anthropic SDK does)', async () => {
    const chunk = 'data: {"x":"' + 'y'.repeat(1000) + '"}\n\n';
    server = await startLoopbackServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.end(chunk.repeat(500)); // 0.5 MB: far more than any stream buffer holds
    });
    const response = await undiciFetch(`${server.url}/stream`, { method: 'POST', body: '{}' });
    expect(response.body).toBeInstanceOf(ReadableStream);
    await new Promise((resolve) => setImmediate(resolve));
    // Nobody has read the web stream, so nothing may have started the Node stream flowing.
    expect((bodyChunks(response) as Readable).readableFlowing).not.toBe(true);
    let bytes = 0;
    for await (const piece of bodyChunks(response) ?? []) bytes += piece.byteLength;
    expect(bytes).toBe(chunk.length * 500);
  });

  it('sends Blob bodies (Gemini file uploads) and web-stream bodies whole', async () => {
    server = await startLoopbackServer((_request, response) => {
      response.writeHead(200);
      response.end();
    });
    await undiciFetch(`${server.url}/blob`, { method: 'POST', body: new Blob(['abc', 'def']) });
    const streamed = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"a":'));
        controller.enqueue(new TextEncoder().encode('1}'));
        controller.close();
      },
    });
    await undiciFetch(`${server.url}/stream`, {
      method: 'POST',
      headers: { 'content-length': '7' },
      body: streamed,
      duplex: 'half',
    } as RequestInit);
    expect(server.requests.map((request) => [request.url, request.body])).toEqual([
      ['/blob', 'abcdef'],
      ['/stream', '{"a":1}'],
    ]);
    expect(server.requests[1]?.headers['content-length']).toBe('7');
  });

  it('answers JSON error bodies to json() as the SDKs read them', async () => {
    server = await startLoopbackServer((_request, response) => {
      response.writeHead(429, { 'content-type': 'application/json', 'retry-after': '3' });
      response.end('{"error":{"message":"slow down"}}');
    });
    const response = await undiciFetch(`${server.url}/limited`);
    expect(response.ok).toBe(false);
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('3');
    expect(await response.json()).toEqual({ error: { message: 'slow down' } });
  });

  it('sends a long string body in pieces with its UTF-8 length declared, byte for byte', async () => {
    server = await startLoopbackServer((_request, response) => {
      response.writeHead(200);
      response.end();
    });
    // Emoji (surrogate pairs) and multi-byte letters across piece boundaries.
    const long = JSON.stringify({ image: 'A'.repeat(stringPieceLength - 1) + '😀é'.repeat(stringPieceLength) });
    await undiciFetch(`${server.url}/long`, { method: 'POST', headers: new Headers({ 'x-k': 'v' }), body: long });
    const received = server.requests[0];
    expect(received?.body).toBe(long);
    expect(received?.headers['content-length']).toBe(String(Buffer.byteLength(long)));
    expect(received?.headers['transfer-encoding']).toBeUndefined();
    expect(received?.headers['x-k']).toBe('v');
  });
});

describe('utf8Pieces', () => {
  it('keeps surrogate pairs whole and the pieces add up to the string', () => {
    const text = 'ab😀cd😀😀';
    for (const length of [1, 2, 3, 4, 5]) {
      const pieces = [...utf8Pieces(text, length)];
      expect(Buffer.concat(pieces).toString('utf8')).toBe(text);
      expect(pieces.every((piece) => !piece.includes(Buffer.from([0xef, 0xbf, 0xbd])))).toBe(true);
    }
  });
});
