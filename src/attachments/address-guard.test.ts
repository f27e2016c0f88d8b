import { describe, expect, it } from 'vitest';
import { blockedAddressReason, checkHost, isBlockedAddress, type HostLookup } from './address-guard.js';

describe('isBlockedAddress', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['10.0.0.1', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['169.254.169.254', 'link-local'],
    ['169.254.0.1', 'link-local'],
    ['100.64.0.1', 'carrier-grade NAT'],
    ['100.127.255.254', 'carrier-grade NAT'],
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'unspecified'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['240.0.0.1', 'reserved'],
    ['::1', 'loopback'],
    ['[::1]', 'loopback'],
    ['::', 'unspecified'],
    ['fe80::1', 'link-local'],
    ['fe80::1%eth0', 'link-local'],
    ['fc00::1', 'unique-local'],
    ['fd00:ec2::254', 'unique-local'],
    ['ff02::1', 'multicast'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:10.0.0.1', 'private'],
    ['::ffff:169.254.169.254', 'link-local'],
    ['::7f00:1', 'IPv4-compatible'],
    ['64:ff9b::a00:1', 'NAT64'],
    ['2002:a00:1::1', '6to4'],
    ['not-an-ip', 'not a valid IP address'],
  ])('blocks %s (%s)', (address, expectedReason) => {
    expect(isBlockedAddress(address)).toBe(true);
    expect(blockedAddressReason(address)).toContain(expectedReason);
  });

  it.each(['8.8.8.8', '93.184.215.14', '1.1.1.1', '172.32.0.1', '100.128.0.1', '2606:4700:4700::1111', '::ffff:8.8.8.8'])(
    'allows the public address %s',
    (address) => {
      expect(isBlockedAddress(address)).toBe(false);
      expect(blockedAddressReason(address)).toBeUndefined();
    },
  );
});

function lookupFrom(table: Record<string, readonly string[]>): HostLookup & { calls: string[] } {
  const calls: string[] = [];
  const lookup = async (hostname: string) => {
    calls.push(hostname);
    const addresses = table[hostname];
    if (addresses === undefined) throw Object.assign(new Error('not found'), { code: 'ENOTFOUND' });
    return addresses.map((address) => ({ address, family: address.includes(':') ? (6 as const) : (4 as const) }));
  };
  return Object.assign(lookup, { calls });
}

describe('checkHost', () => {
  const lookup = lookupFrom({
    'public.test': ['93.184.215.14'],
    'intranet.test': ['10.0.0.1'],
    'mixed.test': ['93.184.215.14', '192.168.0.5'],
    'v6.test': ['::1'],
  });

  it('allows a host whose every address is public, and returns those addresses to connect to', async () => {
    await expect(checkHost('public.test', { allowPrivateNetworks: false, lookup })).resolves.toEqual({
      allowed: true,
      addresses: [{ address: '93.184.215.14', family: 4 }],
    });
  });

  it('refuses a host name that resolves to a private address', async () => {
    const verdict = await checkHost('intranet.test', { allowPrivateNetworks: false, lookup });
    expect(verdict).toEqual({ allowed: false, reason: expect.stringContaining('intranet.test resolves to 10.0.0.1') });
  });

  it('refuses a host with one private address among public ones', async () => {
    const verdict = await checkHost('mixed.test', { allowPrivateNetworks: false, lookup });
    expect(verdict.allowed).toBe(false);
  });

  it('refuses IP literals without asking DNS, including bracketed IPv6', async () => {
    const calls = lookup.calls.length;
    expect((await checkHost('127.0.0.1', { allowPrivateNetworks: false, lookup })).allowed).toBe(false);
    expect((await checkHost('[::1]', { allowPrivateNetworks: false, lookup })).allowed).toBe(false);
    expect((await checkHost('169.254.169.254', { allowPrivateNetworks: false, lookup })).allowed).toBe(false);
    expect(lookup.calls.length).toBe(calls);
  });

  it('refuses cloud metadata host names (with or without a trailing dot) before resolving them', async () => {
    const verdict = await checkHost('Metadata.Google.Internal.', { allowPrivateNetworks: false, lookup });
    expect(verdict).toEqual({ allowed: false, reason: 'metadata.google.internal is a cloud metadata host; blocked' });
  });

  it('reports a name that does not resolve', async () => {
    const verdict = await checkHost('nowhere.test', { allowPrivateNetworks: false, lookup });
    expect(verdict).toEqual({ allowed: false, reason: 'nowhere.test could not be resolved (ENOTFOUND)' });
  });

  it('allows private addresses only when the policy says so', async () => {
    await expect(checkHost('intranet.test', { allowPrivateNetworks: true, lookup })).resolves.toEqual({
      allowed: true,
      addresses: [{ address: '10.0.0.1', family: 4 }],
    });
    expect((await checkHost('v6.test', { allowPrivateNetworks: true, lookup })).allowed).toBe(true);
  });
});
