/**
 * run_direct, not streamed, for every vendor through `POST /run_direct` and `POST /`: the vendor
 * (a loopback server answering with its recorded reply) receives the exact native body for a
 * multi-turn conversation with two models in the tree, a system prompt, every setting and images
 * by URL, base64 and `data:` URL; the client gets the vendor's body byte for byte.
 */

import { afterEach, describe, expect, it } from 'vitest';
import { directBody } from '../support/gateway.js';
import { expectedNativeBodies } from './expected-bodies.js';
import {
  comparisonConversation,
  comparisonParams,
  gatewayFor,
  post,
  Resources,
  vendors,
} from './helpers.js';
import { readVendorFixture } from '../support/vendor-fixtures.js';

const resources = new Resources();

afterEach(async () => {
  await resources.closeAll();
});

describe.each(vendors)('$provider, not streamed', (vendor) => {
  it.each(['/run_direct', '/'] as const)('through POST %s: sends the native body, relays the raw reply', async (route) => {
    const media = await resources.mediaServer();
    const { url, server } = await gatewayFor(resources, vendor);
    const requestId = `lb-${vendor.provider}-1`;

    const response = await post(url, route, directBody(comparisonConversation(media), comparisonParams(vendor.alias)), {
      'x-request-id': requestId,
    });

    expect(response.status).toBe(200);
    expect(await response.text()).toBe(readVendorFixture(vendor.fixtures, vendor.jsonFixture));
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(response.headers.get('x-gateway-model')).toBe(vendor.alias);
    expect(response.headers.get('x-gateway-provider')).toBe(vendor.provider);
    expect(response.headers.get('x-gateway-upstream-model')).toBe(vendor.upstreamModel);
    expect(response.headers.get('x-request-id')).toBe(requestId);

    expect(server.requests).toHaveLength(1);
    const [received] = server.requests;
    expect(received?.method).toBe('POST');
    expect(received?.url).toBe(vendor.path(false));
    expect(received?.headers).toMatchObject(vendor.authHeaders);
    expect(received?.headers['content-type']).toMatch(/^application\/json/);
    expect(JSON.parse(received?.body ?? 'null')).toEqual(expectedNativeBodies[vendor.provider]);

    // Inline mode: the gateway fetched the URL image itself; the vendor got its bytes.
    expect(media.requests.map((request) => `${request.method} ${request.url}`)).toEqual(['GET /image.png']);
  });
});

describe('keys stay where they belong', () => {
  it.each(vendors)('$provider: the key goes only in its own header', async (vendor) => {
    const media = await resources.mediaServer();
    const { url, server } = await gatewayFor(resources, vendor);

    await post(url, '/run_direct', directBody(comparisonConversation(media), comparisonParams(vendor.alias)));

    const headers = server.requests[0]?.headers ?? {};
    const carrying = Object.entries(headers)
      .filter(([, value]) => String(value).includes(vendor.apiKey))
      .map(([name]) => name);
    expect(carrying).toEqual([vendor.keyHeader]);
    expect(server.requests[0]?.url).not.toContain(vendor.apiKey);
    expect(server.requests[0]?.body).not.toContain(vendor.apiKey);
  });
});
