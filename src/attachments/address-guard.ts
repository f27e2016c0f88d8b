/**
 * The SSRF guard: which addresses an attachment fetch may connect to. Only globally routable
 * unicast addresses pass; everything ipaddr.js classifies otherwise (loopback, private, link-local,
 * unique-local, CGNAT, unspecified, multicast, broadcast, documentation/reserved, and the IPv6
 * forms that embed an IPv4 address) is refused. IPv4-mapped IPv6 (`::ffff:10.0.0.1`) is judged as
 * the IPv4 address it carries. An allowlist of one range is used on purpose: a new special range
 * is blocked until someone decides otherwise.
 *
 * @see https://github.com/whitequark/ipaddr.js#ipv4-and-ipv6-ranges (range names)
 */

import { lookup as dnsLookup } from 'node:dns/promises';
import ipaddr from 'ipaddr.js';

export interface ResolvedAddress {
  readonly address: string;
  readonly family: 4 | 6;
}

/** Resolves a host name to every address it has (injectable so tests control DNS). */
export type HostLookup = (hostname: string) => Promise<readonly ResolvedAddress[]>;

export const systemLookup: HostLookup = async (hostname) => {
  const answers = await dnsLookup(hostname, { all: true, verbatim: true });
  return answers.map((answer) => ({ address: answer.address, family: answer.family === 6 ? 6 : 4 }));
};

/** Cloud metadata endpoints reachable by name (their addresses are blocked by range anyway). */
const blockedHostnames: ReadonlySet<string> = new Set([
  'metadata.google.internal',
  'metadata.goog',
  'metadata',
  'instance-data',
  'instance-data.ec2.internal',
]);

const rangeDescriptions: Readonly<Record<string, string>> = {
  unspecified: 'an unspecified address',
  broadcast: 'the broadcast address',
  multicast: 'a multicast address',
  linkLocal: 'a link-local address (cloud metadata lives here)',
  loopback: 'a loopback address',
  carrierGradeNat: 'a carrier-grade NAT address',
  private: 'a private network address',
  reserved: 'a reserved address',
  uniqueLocal: 'a unique-local address',
  ipv4Mapped: 'an IPv4-mapped address',
  rfc6052: 'a NAT64 address',
  '6to4': 'a 6to4 address',
  teredo: 'a Teredo address',
};

/**
 * Why `address` must not be connected to, or undefined when it is a public unicast address.
 * Unparseable input is refused.
 */
export function blockedAddressReason(address: string): string | undefined {
  const bare = address.startsWith('[') && address.endsWith(']') ? address.slice(1, -1) : address;
  if (!ipaddr.isValid(bare)) return 'not a valid IP address';
  let parsed = ipaddr.parse(bare);
  if (parsed.kind() === 'ipv6') {
    const ipv6 = parsed as ipaddr.IPv6;
    if (ipv6.isIPv4MappedAddress()) {
      parsed = ipv6.toIPv4Address();
    } else if (isIpv4Compatible(ipv6)) {
      // The deprecated ::a.b.c.d form; ipaddr.js calls it unicast, but it names an IPv4 host.
      return 'an IPv4-compatible IPv6 address';
    }
  }
  const range = parsed.range();
  if (range === 'unicast') return undefined;
  return rangeDescriptions[range] ?? `a special-purpose address (${range})`;
}

export function isBlockedAddress(address: string): boolean {
  return blockedAddressReason(address) !== undefined;
}

export function isBlockedHostname(hostname: string): boolean {
  return blockedHostnames.has(normaliseHostname(hostname));
}

/** URL host names: lower case, no trailing dot, IPv6 literals without brackets. */
export function normaliseHostname(hostname: string): string {
  const lower = hostname.toLowerCase().replace(/\.$/, '');
  return lower.startsWith('[') && lower.endsWith(']') ? lower.slice(1, -1) : lower;
}

function isIpv4Compatible(address: ipaddr.IPv6): boolean {
  const parts = address.parts;
  return parts.slice(0, 6).every((part) => part === 0) && !(parts[6] === 0 && (parts[7] ?? 0) <= 1);
}

export type HostVerdict =
  | { readonly allowed: true; readonly addresses: readonly ResolvedAddress[] }
  | { readonly allowed: false; readonly reason: string };

export interface HostCheckOptions {
  readonly allowPrivateNetworks: boolean;
  readonly lookup: HostLookup;
  /** Test seam: replaces `isBlockedAddress`'s verdict (reason text stays the default's). */
  readonly isAddressBlocked?: (address: string) => boolean;
}

/**
 * Resolves `hostname` once and vets every address it has; the fetch then connects only to the
 * addresses returned here, so a second DNS answer cannot redirect it (no DNS rebinding).
 * A host with any blocked address is refused as a whole: a mix is how rebinding attacks start.
 */
export async function checkHost(hostname: string, options: HostCheckOptions): Promise<HostVerdict> {
  const host = normaliseHostname(hostname);
  if (!options.allowPrivateNetworks && isBlockedHostname(host)) {
    return { allowed: false, reason: `${host} is a cloud metadata host; blocked` };
  }
  let addresses: readonly ResolvedAddress[];
  if (ipaddr.isValid(host)) {
    addresses = [{ address: host, family: host.includes(':') ? 6 : 4 }];
  } else {
    try {
      addresses = await options.lookup(host);
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      return { allowed: false, reason: `${host} could not be resolved${typeof code === 'string' ? ` (${code})` : ''}` };
    }
  }
  if (addresses.length === 0) return { allowed: false, reason: `${host} has no addresses` };
  if (options.allowPrivateNetworks) return { allowed: true, addresses };
  const isBlocked = options.isAddressBlocked ?? isBlockedAddress;
  for (const { address } of addresses) {
    if (isBlocked(address)) {
      const reason = blockedAddressReason(address) ?? 'refused by policy';
      const subject = address === host ? address : `${host} resolves to ${address}, which`;
      return { allowed: false, reason: `${subject} is ${reason}; blocked (attachments.allow_private_networks is false)` };
    }
  }
  return { allowed: true, addresses };
}
