/**
 * The client leaving aborts the vendor call, streamed or not, for every vendor: the loopback
 * vendor holds the request open, the client aborts its fetch, and the vendor sees its socket
 * closed before it answered.
 */

import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { directBody, readConversation } from '../support/gateway.js';
import type { RecordedRequest } from '../support/loopback-server.js';
import { firstRecordedBlock, gatewayFor, post, readFirstEvent, Resources, vendors } from './helpers.js';
import { parseSseText } from '../support/sse-text.js';

const resources = new Resources();

afterEach(async () => {
  await resources.closeAll();
});

const conversation = readConversation('single-model-text');

/** Generous: this is about the socket closing at all, not about how fast. */
const closeTimeout = { timeout: 10_000 };

function watchClose(request: RecordedRequest | undefined): () => boolean {
  let closed = false;
  void request?.closedEarly.then(() => {
    closed = true;
  });
  return () => closed;
}

describe.each(vendors)('$provider: the client aborting', (vendor) => {
  it('not streamed: the vendor request held open is closed', async () => {
    const { url, server } = await gatewayFor(resources, vendor);
    // Never answers: the gateway is still waiting for the vendor when the client leaves.
    server.handle(() => undefined);
    const client = new AbortController();

    const pending = post(url, '/run_direct', directBody(conversation, { model: vendor.alias }), {}, client.signal);
    await expect.poll(() => server.requests.length, closeTimeout).toBe(1);
    const closed = watchClose(server.requests[0]);
    client.abort();

    await expect(pending).rejects.toThrow();
    await expect.poll(closed, closeTimeout).toBe(true);
    expect(server.requests).toHaveLength(1);
  });

  it('streamed: the vendor stream held open after its first event is closed', async () => {
    const { url, server } = await gatewayFor(resources, vendor);
    const first = firstRecordedBlock(vendor);
    server.handle((_request, response: ServerResponse) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.write(first);
    });
    const client = new AbortController();

    const response = await post(url, '/run_direct', directBody(conversation, { model: vendor.alias, stream: true }), {}, client.signal);
    expect(response.status).toBe(200);
    // The relay had begun: the client holds the vendor's first event.
    const reader = response.body?.getReader();
    if (reader === undefined) throw new Error('the streamed reply has no body');
    expect(parseSseText(await readFirstEvent(reader))).toEqual(parseSseText(first));
    const closed = watchClose(server.requests[0]);
    client.abort();

    await expect.poll(closed, closeTimeout).toBe(true);
    expect(server.requests).toHaveLength(1);
  });
});
