/**
 * The attachments stage: `Conversation<ParsedPart>` in, `Conversation<ResolvedPart>` out. Every
 * attachment reference becomes a typed `MediaPart` (inline bytes or a URL the vendor fetches) or,
 * for HTML and inline text, a `TextPart`. Fetches run under the SSRF guard and limits in
 * `safe-fetch.ts`, at most `maxConcurrentFetches` at once, each URL once per request, through
 * the cache shared by all requests.
 */

import type { AttachmentPart, Conversation, ParsedPart, ResolvedPart, TextPart, Turn } from '../conversation/conversation.js';
import type { ProviderCapabilities } from '../providers/provider.js';
import type { HostLookup } from './address-guard.js';
import type { AttachmentCache } from './attachment-cache.js';
import { createRequestContext, resolvePart, type PartResolution } from './resolve-part.js';

export { createAttachmentCache, type AttachmentCache, type AttachmentCacheOptions, type CachedAttachment } from './attachment-cache.js';
export { isBlockedAddress, blockedAddressReason, type HostLookup, type ResolvedAddress } from './address-guard.js';

/** `attachments` in model.yaml, in the gateway's own names. */
export interface AttachmentPolicy {
  /** inline: fetch, sniff and send bytes; forward: pass https URLs to vendors that fetch them. */
  readonly mode: 'inline' | 'forward';
  /** Per attachment, counted while streaming. */
  readonly maxBytes: number;
  /** Per fetch, redirects and body included. */
  readonly timeoutMs: number;
  readonly allowPrivateNetworks: boolean;
  /** Per request, e.g. 4. */
  readonly maxConcurrentFetches: number;
}

/** Seams for tests; production leaves them unset. */
export interface NetworkSeams {
  /** Replaces the system resolver (`dns.lookup` with `all: true`). */
  readonly lookup?: HostLookup;
  /** Replaces the address verdict of `isBlockedAddress` (e.g. to let 127.0.0.1 stand for a public host). */
  readonly isAddressBlocked?: (address: string) => boolean;
}

export interface ResolveOptions {
  readonly policy: AttachmentPolicy;
  /** Of the target vendor: decides what `mode: forward` may leave as a URL. */
  readonly capabilities: ProviderCapabilities;
  /** Client gone -> stop fetching. */
  readonly signal: AbortSignal;
  /** Shared across requests (created once per app). */
  readonly cache: AttachmentCache;
  /** Sniffing disagreements and the like are pushed here, in part order. */
  readonly warnings: string[];
  /** Metrics hook: bytes of each network fetch (cache hits are not counted). */
  readonly onFetched?: (bytes: number) => void;
  readonly network?: NetworkSeams;
}

/**
 * Resolves every attachment of the conversation. The first failure stops the fetches still
 * running and is thrown as is (a `GatewayError` naming the part).
 *
 * @example
 * const resolved = await resolveConversation(parsed, {
 *   policy, capabilities: adapter.capabilities(target), signal, cache, warnings,
 * });
 */
export async function resolveConversation(
  conversation: Conversation<ParsedPart>,
  options: ResolveOptions,
): Promise<Conversation<ResolvedPart>> {
  const textOnly = textOnlyConversation(conversation);
  if (textOnly !== undefined) return textOnly;
  const stopOnFailure = new AbortController();
  const context = createRequestContext(options, AbortSignal.any([options.signal, stopOnFailure.signal]));
  try {
    const resolvedTurns = await Promise.all(
      conversation.turns.map(async (turn) => ({
        turn,
        parts: await Promise.all(turn.parts.map((part) => resolveParsedPart(part, context))),
      })),
    );
    const turns: Turn<ResolvedPart>[] = resolvedTurns.map(({ turn, parts }) => {
      for (const resolution of parts) options.warnings.push(...resolution.warnings);
      return { role: turn.role, messageId: turn.messageId, parts: parts.map((resolution) => resolution.part) };
    });
    return { system: conversation.system, turns, params: conversation.params };
  } catch (error) {
    stopOnFailure.abort();
    throw error;
  }
}

/**
 * Most chats carry no attachment: they need no abort wiring, fetch limiter or promise per part
 * (together a visible share of a plain chat's CPU in the benchmark profile).
 */
function textOnlyConversation(conversation: Conversation<ParsedPart>): Conversation<ResolvedPart> | undefined {
  const turns: Turn<ResolvedPart>[] = [];
  for (const turn of conversation.turns) {
    const parts: TextPart[] = [];
    for (const part of turn.parts) {
      if (part.type !== 'text') return undefined;
      parts.push(part);
    }
    turns.push({ role: turn.role, messageId: turn.messageId, parts });
  }
  return { system: conversation.system, turns, params: conversation.params };
}

/** One attachment on its own (predict's `row_data` URL). */
export async function resolveAttachment(part: AttachmentPart, options: ResolveOptions): Promise<ResolvedPart> {
  const resolution = await resolvePart(part, createRequestContext(options, options.signal));
  options.warnings.push(...resolution.warnings);
  return resolution.part;
}

async function resolveParsedPart(part: ParsedPart, context: ReturnType<typeof createRequestContext>): Promise<PartResolution> {
  switch (part.type) {
    case 'text':
      return { part, warnings: [] };
    case 'attachment':
      return resolvePart(part, context);
    default: {
      const unexpected: never = part;
      throw new Error(`unexpected part ${JSON.stringify(unexpected)}`);
    }
  }
}
