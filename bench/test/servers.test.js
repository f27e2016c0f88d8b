// The mock vendor answers each wire format with the recorded replies, and the bare proxy relays
// requests and answers (streams included) without changing a byte. Loopback only.
// Run with `node --test bench/test/`.

import assert from 'node:assert/strict';
import { Buffer } from 'node:buffer';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath, URL } from 'node:url';
import { request } from 'undici';
import { createBareProxy } from '../lib/bare-proxy.js';
import { createMockVendor, vendorOf } from '../lib/mock-vendor.js';
import { SseEventCounter, loadVendorReplies, splitSseEvents, vendors } from '../lib/vendor-replies.js';
import { nativePath } from '../lib/workload.js';

const fixture = (name) => readFileSync(fileURLToPath(new URL(`../../fixtures/vendors/${name}`, import.meta.url)), 'utf8');

async function listen(server) {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return `http://127.0.0.1:${server.address().port}`;
}

async function post(origin, path, body) {
  const answer = await request(`${origin}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: answer.statusCode, headers: answer.headers, text: await answer.body.text() };
}

function countEvents(text) {
  const counter = new SseEventCounter();
  counter.push(Buffer.from(text));
  return counter.count;
}

describe('vendor replies', () => {
  it('split every recorded stream into its events', () => {
    assert.equal(splitSseEvents(fixture('openai/chat-completion.sse')).length, 10);
    assert.equal(splitSseEvents(fixture('anthropic/message.sse')).length, 9);
    assert.equal(splitSseEvents(fixture('gemini/stream.sse')).length, 3);
  });

  it('keep the recorded JSON bodies byte for byte', () => {
    assert.equal(loadVendorReplies('anthropic').json.toString('utf8'), fixture('anthropic/message.json'));
  });

  it('repeat a text delta between the opening and closing events', () => {
    const openai = loadVendorReplies('openai');
    assert.match(openai.delta.toString(), /"delta":\{"content":"3"\}/);
    assert.equal(openai.tail.at(-1)?.toString(), 'data: [DONE]\n\n');
    assert.match(loadVendorReplies('anthropic').delta.toString(), /^event: content_block_delta\n/);
  });
});

describe('SseEventCounter', () => {
  it('counts events split anywhere, including between the two newlines', () => {
    const counter = new SseEventCounter();
    for (const chunk of ['data: a\n', '\ndata: b\n\nda', 'ta: c\n\n', 'data: d\n', '\n']) counter.push(Buffer.from(chunk));
    assert.equal(counter.count, 4);
  });

  it('does not count a blank line twice when a chunk ends with one', () => {
    const counter = new SseEventCounter();
    counter.push(Buffer.from('data: a\n\n'));
    counter.push(Buffer.from('\ndata: b\n\n'));
    assert.equal(counter.count, 2);
  });
});

describe('mock vendor', () => {
  let origin = '';
  const server = createMockVendor({ latencyMs: 1, longStreamEvents: 50 });
  before(async () => {
    origin = await listen(server);
  });
  after(() => {
    server.closeAllConnections();
    server.close();
  });

  it('routes each vendor path', () => {
    assert.deepEqual(vendorOf('/v1/chat/completions'), { vendor: 'openai', geminiStream: false });
    assert.deepEqual(vendorOf('/v1/messages'), { vendor: 'anthropic', geminiStream: false });
    assert.deepEqual(vendorOf('/v1beta/models/m:streamGenerateContent?alt=sse'), { vendor: 'gemini', geminiStream: true });
    assert.equal(vendorOf('/v1/embeddings'), undefined);
  });

  for (const vendor of vendors) {
    it(`answers ${vendor} JSON with the recorded body`, async () => {
      const answer = await post(origin, nativePath(vendor, 'json', false), { model: 'm', messages: [] });
      assert.equal(answer.status, 200);
      assert.equal(answer.text, loadVendorReplies(vendor).json.toString('utf8'));
    });

    it(`streams ${vendor} when asked, with every recorded event`, async () => {
      const answer = await post(origin, nativePath(vendor, 'json', true), { model: 'm', stream: true });
      assert.equal(answer.headers['content-type'], 'text/event-stream');
      assert.equal(answer.text, loadVendorReplies(vendor).stream.map(String).join(''));
    });

    it(`sends a long ${vendor} stream of the configured length`, async () => {
      const replies = loadVendorReplies(vendor);
      const answer = await post(origin, nativePath(vendor, 'long', true), { stream: true });
      assert.equal(countEvents(answer.text), replies.head.length + 50 + replies.tail.length);
    });
  }

  it('answers an unknown route with 404', async () => {
    assert.equal((await post(origin, '/json/v1/embeddings', {})).status, 404);
    assert.equal((await post(origin, '/other/v1/messages', {})).status, 404);
  });
});

describe('bare proxy', () => {
  let mockOrigin = '';
  let proxyOrigin = '';
  const mock = createMockVendor({ latencyMs: 1, longStreamEvents: 2000 });
  let proxy;
  before(async () => {
    mockOrigin = await listen(mock);
    proxy = createBareProxy({ host: '127.0.0.1', port: Number(new URL(mockOrigin).port) });
    proxyOrigin = await listen(proxy);
  });
  after(() => {
    for (const server of [proxy, mock]) {
      server.closeAllConnections();
      server.close();
    }
  });

  it('relays a JSON answer unchanged', async () => {
    const path = nativePath('openai', 'json', false);
    const [direct, proxied] = await Promise.all([post(mockOrigin, path, {}), post(proxyOrigin, path, {})]);
    assert.equal(proxied.status, 200);
    assert.equal(proxied.text, direct.text);
    assert.equal(proxied.headers['content-length'], direct.headers['content-length']);
  });

  it('relays a long stream event for event', async () => {
    const path = nativePath('gemini', 'long', true);
    const [direct, proxied] = await Promise.all([post(mockOrigin, path, {}), post(proxyOrigin, path, {})]);
    assert.equal(proxied.text, direct.text);
    assert.equal(countEvents(proxied.text), 2002);
  });

  it('passes the upstream status through', async () => {
    assert.equal((await post(proxyOrigin, '/json/v1/embeddings', {})).status, 404);
  });
});
