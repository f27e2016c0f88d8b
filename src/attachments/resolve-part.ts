/**
 * Resolves one attachment reference: inline text and HTML become text parts; base64 and data:
 * URLs are validated and typed by their bytes; gs:// and YouTube links stay URLs for the vendor;
 * http(s) URLs are forwarded (mode `forward`, when the vendor fetches that kind) or fetched,
 * typed and inlined.
 */

import type { AttachmentPart, MediaPart, ResolvedPart } from '../conversation/conversation.js';
import { InlineData } from '../conversation/inline-data.js';
import { systemLookup } from './address-guard.js';
import { attachmentError } from './attachment-error.js';
import { decodeBase64Strict, parseDataUrl } from './base64.js';
import { createLimiter, type Limiter } from './concurrency.js';
import { htmlToTextPart } from './html-text.js';
import { guessRemoteType } from './remote-type.js';
import type { ResolveOptions } from './resolve-conversation.js';
import { fetchAttachment } from './safe-fetch.js';
import { typeAttachment } from './type-attachment.js';
import { classifyUrl, redactUrl } from './url-references.js';

export interface PartResolution {
  readonly part: ResolvedPart;
  /** Kept per part so the request's warnings come out in part order, whatever finished first. */
  readonly warnings: readonly string[];
}

interface FetchedAsset {
  /** One InlineData per URL per request, so its base64 is computed once however often it is used. */
  readonly data: InlineData;
  readonly contentType: string | undefined;
}

export interface RequestContext {
  readonly options: ResolveOptions;
  readonly signal: AbortSignal;
  readonly limit: Limiter;
  /** URL -> its fetch, so the same URL twice in one request is fetched once. */
  readonly fetches: Map<string, Promise<FetchedAsset>>;
}

export function createRequestContext(options: ResolveOptions, signal: AbortSignal): RequestContext {
  return { options, signal, limit: createLimiter(options.policy.maxConcurrentFetches), fetches: new Map() };
}

export async function resolvePart(part: AttachmentPart, context: RequestContext): Promise<PartResolution> {
  const reference = part.reference;
  switch (reference.type) {
    case 'inline-text':
      return { part: await inlineTextPart(part, reference.text), warnings: [] };
    case 'base64': {
      if (/^data:/i.test(reference.data.trimStart())) return resolveDataUrl(part, reference.data.trim(), context);
      const data = decodeBase64Strict(reference.data);
      if (data === undefined) throw attachmentError('invalid_request', part.location, "the attachment's base64 data is not valid base64");
      return typeInline(part, data, undefined, undefined, context);
    }
    case 'url':
      return resolveUrl(part, reference.url, context);
    default: {
      const unexpected: never = reference;
      throw new Error(`unexpected reference ${JSON.stringify(unexpected)}`);
    }
  }
}

async function resolveUrl(part: AttachmentPart, rawUrl: string, context: RequestContext): Promise<PartResolution> {
  const classified = classifyUrl(rawUrl);
  switch (classified.type) {
    case 'data':
      return resolveDataUrl(part, classified.url, context);
    case 'gcs':
    case 'youtube': {
      const guess = guessRemoteType(part, classified);
      if (guess === undefined) {
        throw attachmentError(
          'unsupported_content',
          part.location,
          `cannot tell what ${redactUrl(classified.url)} holds; give its mimeType (gs:// URIs are not fetched)`,
        );
      }
      return { part: urlMediaPart(part, classified.url, guess.kind, guess.mimeType, classified.type), warnings: [] };
    }
    case 'http': {
      const forward = forwardedType(part, classified.url, context.options);
      if (forward !== undefined) {
        return { part: urlMediaPart(part, classified.url.href, forward.kind, forward.mimeType), warnings: [] };
      }
      const asset = await fetchOnce(part, classified.url, context);
      return typeInline(part, asset.data, asset.contentType, classified.url, context);
    }
    case 'unsupported':
      throw attachmentError(
        'unsupported_content',
        part.location,
        `attachment URLs with ${classified.scheme} are not supported (use https, http, data:, gs:// or a YouTube link)`,
      );
    default: {
      const unexpected: never = classified;
      throw new Error(`unexpected URL ${JSON.stringify(unexpected)}`);
    }
  }
}

function resolveDataUrl(part: AttachmentPart, url: string, context: RequestContext): Promise<PartResolution> {
  const parsed = parseDataUrl(url);
  if (parsed === undefined) {
    throw attachmentError('invalid_request', part.location, "the attachment's data: URL is malformed or not valid base64");
  }
  const withDeclaredType = part.declaredMimeType === undefined && parsed.mimeType !== undefined
    ? { ...part, declaredMimeType: parsed.mimeType }
    : part;
  return typeInline(withDeclaredType, parsed.data, undefined, undefined, context);
}

/** Sniffs held bytes and builds the part: a MediaPart, or a TextPart for HTML. */
async function typeInline(
  part: AttachmentPart,
  data: InlineData,
  contentType: string | undefined,
  url: URL | undefined,
  context: RequestContext,
): Promise<PartResolution> {
  const maxBytes = context.options.policy.maxBytes;
  if (data.byteLength > maxBytes) {
    throw attachmentError(
      'payload_too_large',
      part.location,
      `the attachment is ${data.byteLength} bytes, over attachments.max_bytes (${maxBytes} bytes)`,
      { maxBytes },
    );
  }
  const typed = await typeAttachment(
    data,
    {
      declaredKind: part.declaredKind,
      declaredMimeType: part.declaredMimeType,
      contentType,
      filename: part.filename,
      urlPath: url?.pathname,
    },
    part.location,
  );
  const warnings = typed.warning === undefined ? [] : [typed.warning];
  if (typed.kind === 'html') {
    const source = part.filename ?? (url === undefined ? 'inline HTML' : redactUrl(url));
    return { part: await htmlToTextPart((typed.bytes ?? data.bytes).toString('utf8'), source), warnings };
  }
  const sendData = typed.bytes === undefined ? data : InlineData.fromBytes(typed.bytes);
  const media: MediaPart = {
    type: 'media',
    kind: typed.kind,
    mimeType: typed.mimeType,
    source: { type: 'inline', data: sendData },
    filename: part.filename,
    location: part.location,
  };
  return { part: media, warnings };
}

function fetchOnce(part: AttachmentPart, url: URL, context: RequestContext): Promise<FetchedAsset> {
  const key = url.href;
  const existing = context.fetches.get(key);
  if (existing !== undefined) return existing;
  const { options, signal } = context;
  const fetching = (async (): Promise<FetchedAsset> => {
    const cached = options.cache.get(key);
    if (cached !== undefined && cached.bytes.byteLength <= options.policy.maxBytes) {
      return { data: InlineData.fromBytes(cached.bytes), contentType: cached.contentType };
    }
    const fetched = await context.limit(() =>
      fetchAttachment(url, {
        maxBytes: options.policy.maxBytes,
        timeoutMs: options.policy.timeoutMs,
        allowPrivateNetworks: options.policy.allowPrivateNetworks,
        signal,
        lookup: options.network?.lookup ?? systemLookup,
        ...(options.network?.isAddressBlocked === undefined ? {} : { isAddressBlocked: options.network.isAddressBlocked }),
        location: part.location,
      }),
    );
    options.onFetched?.(fetched.bytes.byteLength);
    if (fetched.storable) options.cache.set(key, { bytes: fetched.bytes, contentType: fetched.contentType });
    return { data: InlineData.fromBytes(fetched.bytes), contentType: fetched.contentType };
  })();
  context.fetches.set(key, fetching);
  return fetching;
}

/**
 * Mode `forward`: an https URL stays a URL when its type is known without fetching and the
 * vendor fetches that kind and MIME type itself. Anything uncertain is fetched instead.
 */
function forwardedType(part: AttachmentPart, url: URL, options: ResolveOptions): { kind: MediaPart['kind']; mimeType: string } | undefined {
  if (options.policy.mode !== 'forward' || url.protocol !== 'https:') return undefined;
  const guess = guessRemoteType(part, { type: 'http', url });
  if (guess === undefined || guess.isHtml || !guess.agreesWithDeclaredKind) return undefined;
  const support = options.capabilities[guess.kind];
  if (support === undefined || !support.url || !support.mimeTypes.includes(guess.mimeType)) return undefined;
  return { kind: guess.kind, mimeType: guess.mimeType };
}

function urlMediaPart(
  part: AttachmentPart,
  url: string,
  kind: MediaPart['kind'],
  mimeType: string,
  storage?: 'gcs' | 'youtube',
): MediaPart {
  const source = storage === undefined ? { type: 'url' as const, url } : { type: 'url' as const, url, storage };
  return { type: 'media', kind, mimeType, source, filename: part.filename, location: part.location };
}

/** RAW_TEXT and `html` items with content: already text, HTML reduced to readable text. */
async function inlineTextPart(part: AttachmentPart, text: string): Promise<ResolvedPart> {
  const isHtml = part.declaredKind === 'html' || part.declaredMimeType?.split(';')[0]?.trim().toLowerCase() === 'text/html';
  return isHtml ? await htmlToTextPart(text, part.filename ?? 'inline HTML') : { type: 'text', text };
}
