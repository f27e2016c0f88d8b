import { afterEach, describe, expect, it } from 'vitest';
import { startLoopbackServer, type LoopbackServer } from '../../../test/support/loopback-server.js';
import { undiciFetch } from './undici-fetch.js';

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
});
