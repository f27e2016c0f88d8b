/**
 * Fetches one attachment URL under the gateway's rules: http(s) only, every hop's host resolved
 * by us and vetted by the address guard, the connection pinned to the vetted addresses (an
 * undici Agent whose `connect.lookup` answers with them, so TLS still verifies the host name),
 * redirects followed by hand and checked again, one time budget for the whole fetch, and the
 * body counted while it streams.
 *
 * @see https://undici.nodejs.org/#/docs/api/Dispatcher?id=dispatcherrequestoptions-callback
 * @see https://nodejs.org/api/net.html#socketconnectoptions-connectlistener (`lookup`)
 */

import type { LookupFunction } from 'node:net';
import { Agent, request, type Dispatcher } from 'undici';
import type { PartLocation } from '../conversation/conversation.js';
import { GatewayError } from '../errors.js';
import { attachmentError } from './attachment-error.js';
import { checkHost, type HostLookup, type ResolvedAddress } from './address-guard.js';
import { readBodyWithLimit } from './read-body.js';
import { redactUrl } from './url-references.js';

export const maxRedirects = 5;

export interface SafeFetchOptions {
  readonly maxBytes: number;
  readonly timeoutMs: number;
  readonly allowPrivateNetworks: boolean;
  readonly signal: AbortSignal;
  readonly lookup: HostLookup;
  /** Test seam for the address verdict (see `checkHost`). */
  readonly isAddressBlocked?: (address: string) => boolean;
  /** The part every error names. */
  readonly location: PartLocation;
}

export interface FetchedResource {
  readonly bytes: Buffer;
  /** The final response's Content-Type header, as sent. */
  readonly contentType: string | undefined;
  /** The URL the bytes finally came from (after redirects). */
  readonly finalUrl: string;
  /** False when the server said `Cache-Control: no-store`. */
  readonly storable: boolean;
}

const redirectStatuses: ReadonlySet<number> = new Set([301, 302, 303, 307, 308]);

export async function fetchAttachment(url: URL, options: SafeFetchOptions): Promise<FetchedResource> {
  const shown = redactUrl(url);
  const fail = (reason: string, details: Record<string, unknown> = {}): GatewayError =>
    attachmentError('attachment_fetch_failed', options.location, `attachment ${shown} could not be fetched: ${reason}`, {
      url: shown,
      ...details,
    });
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = AbortSignal.any([options.signal, timeout]);
  try {
    let current = url;
    for (let hop = 0; hop <= maxRedirects; hop += 1) {
      const response = await fetchHop(current, signal, options, fail);
      if (response.type === 'done') return response.resource;
      current = response.location;
    }
    throw fail(`more than ${maxRedirects} redirects`);
  } catch (error) {
    if (error instanceof GatewayError) throw error;
    if (timeout.aborted) throw fail(`no complete answer within ${options.timeoutMs} ms (attachments.timeout_ms)`);
    if (options.signal.aborted) throw fail('the request was cancelled', { cancelled: true });
    throw fail(describeNetworkError(error));
  }
}

type HopResult = { readonly type: 'done'; readonly resource: FetchedResource } | { readonly type: 'redirect'; readonly location: URL };

async function fetchHop(
  url: URL,
  signal: AbortSignal,
  options: SafeFetchOptions,
  fail: (reason: string, details?: Record<string, unknown>) => GatewayError,
): Promise<HopResult> {
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw fail(`${url.protocol} is not fetched (only http and https)`);
  }
  const verdict = await checkHost(url.hostname, {
    allowPrivateNetworks: options.allowPrivateNetworks,
    lookup: options.lookup,
    ...(options.isAddressBlocked === undefined ? {} : { isAddressBlocked: options.isAddressBlocked }),
  });
  if (!verdict.allowed) throw fail(verdict.reason, { blocked: true, host: url.hostname });
  signal.throwIfAborted();

  const agent = new Agent({ connect: { lookup: pinnedLookup(verdict.addresses) } });
  try {
    const response = await request(withoutCredentials(url), {
      method: 'GET',
      dispatcher: agent,
      signal,
      headers: requestHeaders(url),
    });
    if (redirectStatuses.has(response.statusCode)) {
      await response.body.dump();
      const location = headerValue(response.headers, 'location');
      if (location === undefined) throw fail(`HTTP ${response.statusCode} without a Location header`, { status: response.statusCode });
      const next = URL.parse(location, url.href);
      if (next === null) throw fail(`HTTP ${response.statusCode} to an invalid Location`, { status: response.statusCode });
      return { type: 'redirect', location: next };
    }
    if (response.statusCode < 200 || response.statusCode > 299) {
      await response.body.dump().catch(() => undefined);
      throw fail(`the server answered HTTP ${response.statusCode}`, { status: response.statusCode });
    }
    const declaredLength = parseContentLength(headerValue(response.headers, 'content-length'));
    if (declaredLength !== undefined && declaredLength > options.maxBytes) {
      throw tooLarge(options, `its Content-Length is ${declaredLength} bytes`);
    }
    const body = await readBodyWithLimit(response.body, options.maxBytes, declaredLength);
    if (!body.ok) throw tooLarge(options, `more than ${options.maxBytes} bytes arrived`);
    const cacheControl = headerValue(response.headers, 'cache-control') ?? '';
    return {
      type: 'done',
      resource: {
        bytes: body.bytes,
        contentType: headerValue(response.headers, 'content-type'),
        finalUrl: url.href,
        storable: !/(^|[\s,])no-store($|[\s,])/i.test(cacheControl),
      },
    };
  } finally {
    // One agent per hop: its sockets go with it, including one left mid-body by an abort.
    agent.destroy().catch(() => undefined);
  }

  function tooLarge(limits: SafeFetchOptions, why: string): GatewayError {
    const shown = redactUrl(url);
    return attachmentError(
      'payload_too_large',
      limits.location,
      `attachment ${shown} is over attachments.max_bytes (${limits.maxBytes} bytes): ${why}`,
      { url: shown, maxBytes: limits.maxBytes },
    );
  }
}

/** A `net` lookup that only ever answers with the addresses the guard vetted. */
function pinnedLookup(addresses: readonly ResolvedAddress[]): LookupFunction {
  return (_hostname, lookupOptions, callback) => {
    const wanted = lookupOptions.family === 4 || lookupOptions.family === 6 ? lookupOptions.family : undefined;
    const candidates = addresses.filter((candidate) => wanted === undefined || candidate.family === wanted);
    const first = candidates[0];
    if (first === undefined) {
      callback(Object.assign(new Error('no vetted address for this family'), { code: 'ENOTFOUND' }), '', 4);
      return;
    }
    if (lookupOptions.all === true) {
      callback(null, candidates.map((candidate) => ({ address: candidate.address, family: candidate.family })));
      return;
    }
    callback(null, first.address, first.family);
  };
}

/** Userinfo in the URL becomes Basic auth for that hop only, and never travels in the URL. */
function requestHeaders(url: URL): Record<string, string> {
  const headers: Record<string, string> = {
    'user-agent': 'foundry-gateway (attachment fetch)',
    accept: '*/*',
    // Bytes as stored: the limit counts them, and sniffing reads them.
    'accept-encoding': 'identity',
  };
  if (url.username !== '' || url.password !== '') {
    const credentials = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
    headers.authorization = `Basic ${Buffer.from(credentials).toString('base64')}`;
  }
  return headers;
}

function withoutCredentials(url: URL): URL {
  const copy = new URL(url.href);
  copy.username = '';
  copy.password = '';
  copy.hash = '';
  return copy;
}

function headerValue(headers: Dispatcher.ResponseData['headers'], name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function parseContentLength(value: string | undefined): number | undefined {
  if (value === undefined || !/^\d+$/.test(value.trim())) return undefined;
  const length = Number(value.trim());
  return Number.isSafeInteger(length) ? length : undefined;
}

function describeNetworkError(error: unknown): string {
  if (!(error instanceof Error)) return 'network error';
  const cause = error.cause instanceof Error ? error.cause : undefined;
  const code = (cause as { code?: unknown } | undefined)?.code ?? (error as { code?: unknown }).code;
  const text = cause?.message ?? error.message;
  return typeof code === 'string' ? `${text} (${code})` : text;
}
