/**
 * The SSRF guard end to end, with allow_private_networks off. DNS is replaced by a table (the
 * `network.lookup` seam); where a test needs an "allowed" host that is really the loopback media
 * server, the address verdict seam lets 127.0.0.1 alone stand for a public address, so every
 * other address still gets the production verdict.
 */

import { describe, expect, it } from 'vitest';
import { isBlockedAddress, resolveAttachment, type HostLookup } from '../../src/attachments/resolve-conversation.js';
import { rejectionOf, resolveOptions, useMediaServer, urlAttachment } from './helpers.js';

const server = useMediaServer();

function tableLookup(table: Record<string, readonly string[]>): HostLookup & { calls: string[] } {
  const calls: string[] = [];
  const lookup: HostLookup = async (hostname) => {
    calls.push(hostname);
    const addresses = table[hostname];
    if (addresses === undefined) throw Object.assign(new Error('not found'), { code: 'ENOTFOUND' });
    return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
  return Object.assign(lookup, { calls });
}

const guarded = (lookup: HostLookup, loopbackCountsAsPublic = false) =>
  resolveOptions({
    policy: { allowPrivateNetworks: false },
    network: {
      lookup,
      ...(loopbackCountsAsPublic ? { isAddressBlocked: (address: string) => address !== '127.0.0.1' && isBlockedAddress(address) } : {}),
    },
  });

describe('blocked destinations (allow_private_networks: false)', () => {
  const lookup = tableLookup({ 'intranet.test': ['10.0.0.1'], 'sneaky.test': ['93.184.215.14', '127.0.0.1'] });

  it.each([
    ['the loopback media server itself', () => `${server.url}/media/image.png`, '127.0.0.1 is a loopback address'],
    ['a private address', () => 'http://10.0.0.1/secret.png', '10.0.0.1 is a private network address'],
    ['the cloud metadata address', () => 'http://169.254.169.254/latest/meta-data/', '169.254.169.254 is a link-local address'],
    ['IPv6 loopback', () => `http://[::1]:${server.port}/media/image.png`, '::1 is a loopback address'],
    ['IPv4-mapped IPv6 loopback', () => `http://[::ffff:127.0.0.1]:${server.port}/x`, 'is a loopback address'],
    ['the metadata host name', () => 'http://metadata.google.internal/computeMetadata/v1/', 'metadata.google.internal is a cloud metadata host'],
    ['a host name that resolves to a private address', () => 'https://intranet.test/report.pdf', 'intranet.test resolves to 10.0.0.1'],
    ['a host name with one loopback address among public ones', () => 'https://sneaky.test/a.png', 'sneaky.test resolves to 127.0.0.1'],
  ])('refuses %s with a 422 saying it was blocked', async (_name, url, reason) => {
    const error = await rejectionOf(resolveAttachment(urlAttachment(url(), { messageId: 'p2', index: 4 }), guarded(lookup)));
    expect(error).toMatchObject({ code: 'attachment_fetch_failed', status: 422 });
    expect(error.message).toContain('message "p2", part 4: attachment ');
    expect(error.message).toContain(reason);
    expect(error.message).toContain('blocked');
    expect(server.requests).toHaveLength(0);
  });

  it('checks every redirect hop: an allowed host redirecting to a private one is refused', async () => {
    const hops = tableLookup({ 'allowed.test': ['127.0.0.1'], 'internal.test': ['10.1.2.3'] });
    server.handle((request, response) => {
      const target = request.url === '/to-metadata' ? 'http://169.254.169.254/latest/meta-data/' : 'http://internal.test/admin';
      response.writeHead(302, { location: target }).end();
    });
    for (const path of ['/to-metadata', '/to-internal']) {
      const error = await rejectionOf(resolveAttachment(urlAttachment(`http://allowed.test:${server.port}${path}`), guarded(hops, true)));
      expect(error).toMatchObject({ code: 'attachment_fetch_failed', message: expect.stringContaining('blocked') });
    }
    expect(server.requests.map((request) => request.url)).toEqual(['/to-metadata', '/to-internal']);
    expect(hops.calls).toEqual(['allowed.test', 'allowed.test', 'internal.test']);
  });

  it('connects to the address it checked: a second DNS answer is never consulted (no rebinding)', async () => {
    let answers = 0;
    const rebinding: HostLookup = async () => {
      answers += 1;
      return [{ address: answers === 1 ? '127.0.0.1' : '10.0.0.1', family: 4 }];
    };
    const part = await resolveAttachment(urlAttachment(`http://rebind.test:${server.port}/media/image.png`), guarded(rebinding, true));
    expect(part).toMatchObject({ type: 'media', mimeType: 'image/png' });
    expect(answers).toBe(1);
    expect(server.requests[0]?.headers.host).toBe(`rebind.test:${server.port}`);
  });

  it('keeps credentials out of error messages', async () => {
    const url = `http://user:hunter2@127.0.0.1:${server.port}/a.png?token=s3cret`;
    const error = await rejectionOf(resolveAttachment(urlAttachment(url), guarded(lookup)));
    expect(error.message).toContain(`http://127.0.0.1:${server.port}/a.png?token=…`);
    expect(JSON.stringify({ message: error.message, details: (error as { details?: unknown }).details })).not.toMatch(/hunter2|s3cret|user/);
  });
});

describe('allowed destinations', () => {
  it('fetches from loopback when allow_private_networks is true', async () => {
    const part = await resolveAttachment(
      urlAttachment(`${server.url}/media/image.webp`),
      resolveOptions({ policy: { allowPrivateNetworks: true } }),
    );
    expect(part).toMatchObject({ type: 'media', mimeType: 'image/webp' });
  });

  it('sends user info as Basic auth, not in the request line', async () => {
    await resolveAttachment(
      urlAttachment(`http://user:pa%20ss@127.0.0.1:${server.port}/media/image.png`),
      resolveOptions({ policy: { allowPrivateNetworks: true } }),
    );
    expect(server.requests[0]?.headers.authorization).toBe(`Basic ${Buffer.from('user:pa ss').toString('base64')}`);
    expect(server.requests[0]?.url).toBe('/media/image.png');
  });
});
